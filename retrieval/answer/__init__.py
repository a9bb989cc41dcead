"""Question → ranked answers: `qa.QA(settings).ask(text)` analyses the question (`question`),
scores candidate sentences with their article as context (`ranker`), checks what the question
asks for is there (`shapes`, `coverage`) and returns a `Result`. `followup` continues a
conversation; `evaluation` scores a set of questions with known answers.
"""

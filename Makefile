# Thin wrappers over tasks.py, which needs nothing but Python 3.11 and pip.
.PHONY: demo test lab bench
demo:
	python3 tasks.py demo
test:
	python3 tasks.py test
lab:
	python3 tasks.py lab
bench:
	.venv/bin/python benchmarks/run_all.py

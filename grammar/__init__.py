"""The .lark grammars of indicator_rules, shipped as package data (see grammars.py)."""

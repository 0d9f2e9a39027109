"""One base for errors that carry a machine code and a Vietnamese message (pure Python)."""


class CodedError(Exception):
    """``code`` is for machines (API, tests), ``message`` is the Vietnamese text shown to people."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message

    def __str__(self) -> str:
        return self.message

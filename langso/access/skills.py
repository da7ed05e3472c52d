"""Who may act on skills."""

__all__: list[str] = []

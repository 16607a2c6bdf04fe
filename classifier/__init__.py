"""On-premise document classifier and redactor."""

from classifier.security.offline import force_offline

force_offline()

__version__ = "0.1.0"

"""Production: everything from the environment, secure cookies, DEBUG off."""

from .base import *  # noqa: F403
from .base import read_secret_key

SECRET_KEY = read_secret_key()

"""Release downloads and the VoID description."""

from flask import Blueprint

bp = Blueprint("downloads", __name__)

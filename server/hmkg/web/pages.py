"""Landing page, competency questions and the query page."""

from flask import Blueprint

bp = Blueprint("pages", __name__)

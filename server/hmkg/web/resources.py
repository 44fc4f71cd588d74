"""Dereferenceable IRIs: resource pages with content negotiation."""

from flask import Blueprint

bp = Blueprint("resources", __name__)

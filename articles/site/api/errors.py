"""The API's errors: JSON with the status and a message saying what was wrong, never an HTML page."""

from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.views import exception_handler


class BadParameter(APIException):
    """A query parameter the API cannot use; the message names it and says what it takes."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "bad_parameter"

    def __init__(self, name, expected):
        super().__init__(f"{name}: {expected}")


def json_error(exc, context):
    """DRF's handling of an error (its status, WWW-Authenticate, Retry-After), as {"status", "message"}."""
    response = exception_handler(exc, context)
    if response is not None:
        detail = response.data.get("detail", response.data) if isinstance(response.data, dict) else response.data
        response.data = {"status": response.status_code, "message": str(detail)}
    return response

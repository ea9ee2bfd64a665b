"""The API's errors: JSON with the status and a message saying what was wrong, never an HTML page."""

from django.http import JsonResponse
from django.utils.cache import patch_vary_headers
from django.views import defaults
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


# Names clients give a key in the address; an address is written to access logs, proxies and browser histories.
KEY_PARAMETERS = frozenset({"api_key", "apikey", "api-key", "key", "token", "access_token", "auth", "authorization"})
# At most this many unknown names, each cut to this length, are repeated in a refusal.
NAMED, NAME_LENGTH = 5, 40


class KeyInAddress(APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "key_in_address"
    default_detail = (
        "A partner key is never read from the address (which logs and caches keep): send it in the header "
        "Authorization: Bearer <key>, and ask the publisher who gave it to you for a new one."
    )


def check_parameters(query, known, hints):
    """Refuse a key given in the query string, and any parameter the view does not read (a client asking for
    ?limit= learns at once that it is not there, rather than getting ten stories and wondering); `hints`
    says what to do instead of some ({name: advice})."""
    names = list(dict.fromkeys(query))
    if any(name.strip().casefold() in KEY_PARAMETERS for name in names):
        raise KeyInAddress()
    unknown = [name for name in names if name not in known]
    for name in unknown:
        if name in hints:
            raise BadParameter(name, hints[name])
    if unknown:
        shown = ", ".join(repr(name[:NAME_LENGTH]) for name in unknown[:NAMED])
        takes = ", ".join(known) if known else "no parameters"
        raise BadParameter(shown, f"not a parameter of this address, which takes {takes}")


def server_error(request, *args, **kwargs):
    """The 500 answer (handler500): under /api/, JSON as every other answer of the API; elsewhere the site's page.
    Reads no database: it may be the database that failed."""
    if not request.path.startswith("/api/"):
        return defaults.server_error(request, *args, **kwargs)
    message = "The server could not answer; try again in a minute."
    response = JsonResponse({"status": 500, "message": message}, status=500)
    response["Cache-Control"] = "no-store"
    response["Access-Control-Allow-Origin"] = "*"
    patch_vary_headers(response, ["Authorization"])
    return response

"""Reference decryptor for AccountRegistry's accounts.password_encrypted (docs/password-format.md).

Needs the `cryptography` package (Debian: python3-cryptography). Keys are AccountRegistry's
Encryption:Keys:<id> values: standard base64 of 32 bytes.

    from decrypt_password import decrypt_password
    password = decrypt_password(row.password_encrypted, row.login, row.server, {"k1": key_bytes})

Run as a script, it reads {"keys": {"<id>": "<base64>"}, "rows": [{"login": ..., "server": ...,
"password_encrypted": ...}]} as JSON on standard input and writes one JSON object per row
({"login": ..., "password": ...} or {"login": ..., "error": ...}) as a JSON list on standard output.
"""

import base64
import binascii
import json
import struct
import sys

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

NONCE_SIZE = 12
TAG_SIZE = 16
PURPOSE_V1 = b"AccountRegistry.Mt5Password.v1"
PURPOSE_V2 = b"AccountRegistry.Mt5Password.v2"


def _field(data: bytes) -> bytes:
    """A v2 associated-data field: its length (uint32, big-endian), then its bytes."""
    return struct.pack(">I", len(data)) + data


def associated_data(version: int, login: int, server: str, key_id: str) -> bytes:
    login_bytes = struct.pack(">q", login)  # int64, big-endian
    if version == 2:
        return (_field(PURPOSE_V2) + _field(login_bytes)
                + _field(server.encode("utf-8")) + _field(key_id.encode("utf-8")))
    return PURPOSE_V1 + login_bytes + key_id.encode("utf-8")  # v1: no server, no lengths


def decrypt_password(stored: str, login: int, server: str, keys: dict) -> str:
    """The MT5 password in `stored`, sealed for this login and server (exactly as stored).

    Raises KeyError for a key id not in `keys`, ValueError for a malformed value, and
    cryptography.exceptions.InvalidTag when the value was altered or belongs to another row.
    """
    parts = stored.split(":")
    if len(parts) == 3 and parts[0] == "v2":
        version, key_id, payload = 2, parts[1], parts[2]
    elif len(parts) == 2:
        version, key_id, payload = 1, parts[0], parts[1]
    else:
        raise ValueError("not an AccountRegistry password (v2:{keyId}:{base64} or {keyId}:{base64})")
    try:
        sealed = base64.b64decode(payload, validate=True)
    except binascii.Error as error:
        raise ValueError("the payload is not base64") from error
    if len(sealed) < NONCE_SIZE + TAG_SIZE:
        raise ValueError("the payload is truncated")
    nonce, ciphertext_and_tag = sealed[:NONCE_SIZE], sealed[NONCE_SIZE:]
    plaintext = AESGCM(keys[key_id]).decrypt(nonce, ciphertext_and_tag, associated_data(version, login, server, key_id))
    return plaintext.decode("utf-8")


def main() -> int:
    request = json.load(sys.stdin)
    keys = {key_id: base64.b64decode(value, validate=True) for key_id, value in request["keys"].items()}
    results = []
    for row in request["rows"]:
        try:
            password = decrypt_password(row["password_encrypted"], row["login"], row["server"], keys)
            results.append({"login": row["login"], "password": password})
        except (KeyError, ValueError, InvalidTag) as error:
            results.append({"login": row["login"], "error": type(error).__name__})
    json.dump(results, sys.stdout, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())

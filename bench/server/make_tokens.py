#!/usr/bin/env python3
"""CDS Hooks client JWTs for the order-select load test (CDS Hooks 2.0, "Trusting CDS Clients").

Writes the client key's public JWKS (the server's allowed-client configuration) and N tokens, one per line, each
with its own jti: the server refuses a jti it has seen (replay protection), so every request of the load test needs a
fresh signed token. Signing happens here, before the run, so the client's signing cost is not in the measurement;
the server still verifies each signature. The algorithm is ES384 (P-384) or RS384 (RSA 2048): CDS Hooks 2.0 recommends
both, and a service must accept either. Needs the 'cryptography' package.

Usage: make_tokens.py --issuer URL --audience URL --count N --jwks OUT.json --tokens OUT.txt [--minutes 60] [--alg ES384|RS384]
"""
import argparse
import base64
import json
import sys
import time
import uuid

try:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
    from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
except ImportError:
    sys.exit("make_tokens.py: the Python package 'cryptography' is needed (pip install cryptography)")


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--issuer", required=True)
    p.add_argument("--audience", required=True)
    p.add_argument("--count", type=int, required=True)
    p.add_argument("--jwks", required=True)
    p.add_argument("--tokens", required=True)
    p.add_argument("--minutes", type=int, default=60, help="token lifetime (the whole run must fit in it)")
    p.add_argument("--alg", choices=["ES384", "RS384"], default="ES384")
    a = p.parse_args()
    if a.count < 1:
        sys.exit("make_tokens.py: --count must be at least 1")

    kid = "precis-bench-" + uuid.uuid4().hex[:8]
    if a.alg == "ES384":
        key = ec.generate_private_key(ec.SECP384R1())
        numbers = key.public_key().public_numbers()
        jwk = {"kty": "EC", "crv": "P-384", "kid": kid, "alg": "ES384", "use": "sig",
               "x": b64url(numbers.x.to_bytes(48, "big")), "y": b64url(numbers.y.to_bytes(48, "big"))}

        def sign(data: bytes) -> bytes:
            r, s = decode_dss_signature(key.sign(data, ec.ECDSA(hashes.SHA384())))
            return r.to_bytes(48, "big") + s.to_bytes(48, "big")
    else:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        numbers = key.public_key().public_numbers()
        jwk = {"kty": "RSA", "kid": kid, "alg": "RS384", "use": "sig",
               "n": b64url(numbers.n.to_bytes(256, "big")), "e": b64url(numbers.e.to_bytes(3, "big"))}

        def sign(data: bytes) -> bytes:
            return key.sign(data, padding.PKCS1v15(), hashes.SHA384())
    with open(a.jwks, "w", encoding="utf-8") as f:
        json.dump({"keys": [jwk]}, f)

    header = b64url(json.dumps({"alg": a.alg, "typ": "JWT", "kid": kid}, separators=(",", ":")).encode())
    now = int(time.time())
    with open(a.tokens, "w", encoding="ascii") as out:
        for _ in range(a.count):
            claims = {"iss": a.issuer, "sub": a.issuer, "aud": a.audience, "iat": now, "exp": now + 60 * a.minutes,
                      "jti": str(uuid.uuid4())}
            signing_input = header + "." + b64url(json.dumps(claims, separators=(",", ":")).encode())
            out.write(signing_input + "." + b64url(sign(signing_input.encode("ascii"))) + "\n")


if __name__ == "__main__":
    main()

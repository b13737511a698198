#!/bin/sh
# A self-signed certificate for trying the compose file; use your real one (or an ACME client) in production.
set -eu
host="${1:-localhost}"
cd "$(dirname "$0")"
openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=${host}" \
  -keyout privkey.pem -out fullchain.pem
chmod 600 privkey.pem

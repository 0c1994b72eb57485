#!/bin/sh
# The Docker image's entrypoint: fills in the secrets the operator left unset with random ones,
# generated on first start into SECRETS_DIR (a volume, shared by replicas) and kept across
# restarts, then runs the command. A secret set in the environment is used as given (the server
# refuses it in production if it is short or a published placeholder).
# Tested by server/src/core/docker-entrypoint.test.ts.
set -eu

SECRETS_DIR="${SECRETS_DIR:-/var/lib/visiongate/secrets}"

# provide_secret NAME ENCODING BYTES: NAME from the environment, else from SECRETS_DIR, else new.
provide_secret() {
  name=$1
  eval "given=\${$name:-}"
  [ -n "$given" ] && return 0
  file="$SECRETS_DIR/$(printf '%s' "$name" | tr 'A-Z' 'a-z')"
  if [ ! -s "$file" ]; then
    if ! mkdir -p "$SECRETS_DIR" 2>/dev/null || [ ! -w "$SECRETS_DIR" ]; then
      echo "VisionGate failed to start: $name is not set and $SECRETS_DIR cannot keep a generated one; set $name to at least 32 random bytes or mount a writable volume at $SECRETS_DIR" >&2
      exit 1
    fi
    tmp="$file.$$.tmp"
    (umask 077 && node -e "process.stdout.write(require('crypto').randomBytes($3).toString('$2'))" >"$tmp")
    # A hard link never replaces an existing file: when two replicas start at once, the first
    # secret written is the one both use.
    ln "$tmp" "$file" 2>/dev/null || true
    rm -f "$tmp"
  fi
  value=$(cat "$file")
  export "$name=$value"
}

provide_secret JWT_SECRET base64url 48
if [ "${STORE_RESULTS:-}" = "true" ]; then
  provide_secret RESULTS_ENCRYPTION_KEY base64 32
fi

exec "$@"

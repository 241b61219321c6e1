#!/bin/bash
# Starts the Jupyter Notebook server with a password login.
#
# PASSWORD (environment): the login password. It is hashed into a Jupyter config
# file readable only by this user and removed from the environment before the
# server starts, so notebook kernels do not see it. Neither the password nor its
# hash is ever printed.
# If PASSWORD is unset or empty, a random password is generated (once) and stored
# in ~/.jupyter/generated-password; only its location is printed.
set -euo pipefail

JUPYTER_DIR="${HOME}/.jupyter"
CONFIG_FILE="${JUPYTER_DIR}/jupyter_notebook_config.json"
GENERATED_PASSWORD_FILE="${JUPYTER_DIR}/generated-password"

umask 077
mkdir -p "$JUPYTER_DIR"
chmod 700 "$JUPYTER_DIR"

# The password is read from the environment inside python: it never appears in argv.
# The file paths are passed only to this python process, not exported to the server.
CONFIG_FILE="$CONFIG_FILE" GENERATED_PASSWORD_FILE="$GENERATED_PASSWORD_FILE" python3 - <<'PY'
import json, os, secrets
from notebook.auth import passwd  # argon2id hash in notebook 6.x

config_file = os.environ["CONFIG_FILE"]
generated_file = os.environ["GENERATED_PASSWORD_FILE"]

def write_private(path, text):
    tmp = path + ".tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(text)
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)

password = os.environ.get("PASSWORD", "")
if password:
    # An explicit password wins; drop a stale generated one.
    if os.path.exists(generated_file):
        os.remove(generated_file)
else:
    # Keep the generated password across container restarts.
    try:
        with open(generated_file) as f:
            password = f.read().strip()
    except FileNotFoundError:
        pass
    if not password:
        password = secrets.token_urlsafe(18)
        write_private(generated_file, password + "\n")

config = {"NotebookApp": {"password": passwd(password)}}
write_private(config_file, json.dumps(config, indent=2) + "\n")
PY

if [ -z "${PASSWORD:-}" ]; then
  echo "========================================================================"
  echo "PASSWORD was not set, so a random login password was generated."
  echo "Read it with:"
  echo ""
  echo "  docker exec <container> cat ${GENERATED_PASSWORD_FILE}"
  echo ""
  echo "or set your own: docker run -e PASSWORD=<your-password> ..."
  echo "========================================================================"
fi

unset PASSWORD

exec python3 -m notebook --no-browser --ip=0.0.0.0 --port=8888 "$@"

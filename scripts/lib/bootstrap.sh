# Sourced by scripts/hotlint and scripts/test: makes sure what the build
# needs is installed (apt when root, else prints the exact command), then
# configures a build directory with CMake + Ninja. The pinned tree-sitter
# sources are fetched and verified by CMake itself (cmake/FetchNpmPackage.cmake).

HOTLINT_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

# Debian packages the build needs (npm fetches the pinned tree-sitter
# sources), and those the test suite needs besides.
HOTLINT_PACKAGES_BUILD=(cmake ninja-build pkg-config gcc libc6-dev libyaml-dev
  libjansson-dev nodejs npm)
HOTLINT_PACKAGES=("${HOTLINT_PACKAGES_BUILD[@]}" libcmocka-dev git time
  python3 libxml2-utils bsdutils pre-commit neovim valgrind)

# A tool counts as present when its command is on PATH, however it was
# installed (node and npm often come from outside Debian); a library when
# dpkg knows its -dev package.
hotlint_command_of() {
  case "$1" in
    cmake) echo cmake ;;
    ninja-build) echo ninja ;;
    pkg-config) echo pkg-config ;;
    gcc) echo gcc ;;
    nodejs) echo node ;;
    npm) echo npm ;;
    git) echo git ;;
    python3) echo python3 ;;
    pre-commit) echo pre-commit ;;
    neovim) echo nvim ;;
    libxml2-utils) echo xmllint ;;
    bsdutils) echo script ;;
    valgrind) echo valgrind ;;
    *) echo "" ;;
  esac
}

hotlint_missing_packages() {
  local pkg command missing=()
  for pkg in "$@"; do
    command=$(hotlint_command_of "$pkg")
    if [ -n "$command" ]; then
      command -v "$command" >/dev/null 2>&1 || missing+=("$pkg")
    else
      dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' ||
        missing+=("$pkg")
    fi
  done
  [ ${#missing[@]} -eq 0 ] || printf '%s\n' "${missing[@]}"
}

hotlint_install_packages() {
  local missing
  mapfile -t missing < <(hotlint_missing_packages "$@")
  [ ${#missing[@]} -eq 0 ] && return 0
  if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "hotlint: not a Debian system; install: $*" >&2
    return 1
  fi
  if [ "$(id -u)" -ne 0 ]; then
    echo "hotlint: missing packages; run:" >&2
    echo "  sudo apt-get install -y ${missing[*]}" >&2
    return 1
  fi
  echo "hotlint: installing ${missing[*]}" >&2
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >&2 ||
    { echo "hotlint: apt-get install ${missing[*]} failed" >&2; return 1; }
}

# hotlint_configure BUILD_DIR [CMAKE ARGS...]: configures once; later calls
# reuse the build directory so Ninja only rebuilds what changed.
hotlint_configure() {
  local dir=$1
  shift
  if [ ! -f "$dir/build.ninja" ]; then
    mkdir -p "$dir"
    if ! cmake -S "$HOTLINT_ROOT" -B "$dir" -G Ninja "$@" >"$dir/configure.log" 2>&1; then
      grep -E 'hotlint:|Error|error' "$dir/configure.log" >&2 || cat "$dir/configure.log" >&2
      rm -f "$dir/build.ninja"
      echo "hotlint: configuring $dir failed (full log: $dir/configure.log)" >&2
      return 1
    fi
  fi
}

# hotlint_build BUILD_DIR [TARGETS...]: quiet when nothing fails.
hotlint_build() {
  local dir=$1
  shift
  if ! ninja -C "$dir" "$@" >"$dir/build.log" 2>&1; then
    cat "$dir/build.log" >&2
    echo "hotlint: build failed in $dir" >&2
    return 1
  fi
}

#!/usr/bin/env bash
# `flowrun run`'s image map from its four sources: --image-map, --image-map-file,
# FLOWRUN_IMAGE_MAP and $XDG_CONFIG_HOME/flowrun/image-map, first match wins in that order;
# a bad entry is a usage error (exit 2) with its file:line, before anything runs. The image
# a pod gets is read from --dry-run's "would run" line: needs no container engine.
# Usage: bash tests/cli/image_map_test.sh path/to/flowrun
set -euo pipefail
# shellcheck source=tests/cli/cli_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/cli_lib.sh"

export FLOWRUN_STATE_DIR="$work/state"
export XDG_CONFIG_HOME="$work/config"
unset FLOWRUN_IMAGE_MAP

write_wf() {
  write wf.yaml <<'YAML'
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: mapped}
spec:
  entrypoint: main
  templates:
  - name: main
    container: {image: alpine:3.19, command: [echo, hi]}
YAML
}

# expect_image IMAGE: the dry run printed the pod with image IMAGE.
expect_image() {
  expect_rc 0
  expect_stderr_has "would run mapped (mapped): image $1, command"
}

config_file() {
  mkdir -p "$XDG_CONFIG_HOME/flowrun"
  cat >"$XDG_CONFIG_HOME/flowrun/image-map"
}

case_no_map_keeps_the_image() {
  write_wf
  flowrun run wf.yaml --dry-run
  expect_image alpine:3.19
}

case_env_entries_split_on_commas_and_whitespace() {
  write_wf
  FLOWRUN_IMAGE_MAP=$'a=b,,c=d \n\talpine:3.19=env/alpine:1 ,' flowrun run wf.yaml --dry-run
  expect_image env/alpine:1
}

case_file_entries_with_comments_and_blank_lines() {
  write_wf
  printf '# mirrors\n\n  busybox=x/busybox   # trailing comment\r\nalpine:3.19=file/alpine\r\n' |
    write maps.txt
  flowrun run wf.yaml --dry-run --image-map-file maps.txt
  expect_image file/alpine
}

case_default_config_file_is_read_when_present() {
  write_wf
  echo "alpine:3.19=config/alpine" | config_file
  flowrun run wf.yaml --dry-run
  expect_image config/alpine
}

case_default_config_file_under_home_without_xdg_config_home() {
  write_wf
  mkdir -p "$work/home/.config/flowrun"
  echo "alpine:3.19=home/alpine" >"$work/home/.config/flowrun/image-map"
  rc=0
  env -u XDG_CONFIG_HOME HOME="$work/home" "$flowrun_bin" run wf.yaml --dry-run \
    >"$work/.out" 2>"$work/.err" || rc=$?
  err=$(cat "$work/.err")
  expect_image home/alpine
}

case_precedence_flag_then_file_then_env_then_config() {
  write_wf
  echo "alpine:3.19=config/alpine" | config_file
  echo "alpine:3.19=file/alpine" | write maps.txt
  export FLOWRUN_IMAGE_MAP="alpine:3.19=env/alpine"
  flowrun run wf.yaml --dry-run
  expect_image env/alpine
  flowrun run wf.yaml --dry-run --image-map-file maps.txt
  expect_image file/alpine
  flowrun run wf.yaml --dry-run --image-map-file maps.txt --image-map alpine:3.19=flag/alpine
  expect_image flag/alpine
  # Within the flags, the first one for an image wins.
  flowrun run wf.yaml --dry-run --image-map alpine:3.19=first --image-map alpine:3.19=second
  expect_image first
}

case_verbose_says_where_entries_came_from() {
  write_wf
  printf 'a=b\nc=d\n' | config_file
  printf 'e=f\n' | write maps.txt
  FLOWRUN_IMAGE_MAP="g=h i=j k=l" flowrun run wf.yaml --dry-run -v --image-map-file maps.txt \
    --image-map x=y
  expect_rc 0
  expect_stderr_has "flowrun: image map: 1 entry from --image-map, 1 entry from maps.txt, 3 entries from FLOWRUN_IMAGE_MAP, 2 entries from $XDG_CONFIG_HOME/flowrun/image-map"
}

case_bad_file_entry_names_file_and_line() {
  write_wf
  printf '# ok\nbusybox=x\nalpine\n' | write maps.txt
  flowrun run wf.yaml --image-map-file maps.txt --runtime host
  expect_rc 2
  expect_stderr "flowrun: maps.txt:3: expected FROM=TO, got \"alpine\" (no '=')"
  [[ ! -e $FLOWRUN_STATE_DIR ]] || fail "something ran"
  printf 'a=b c=d\n' | write maps.txt
  flowrun run wf.yaml --image-map-file maps.txt --dry-run
  expect_rc 2
  expect_stderr "flowrun: maps.txt:1: expected FROM=TO, got \"a=b c=d\" (image names have no spaces)"
}

case_bad_env_entry() {
  write_wf
  FLOWRUN_IMAGE_MAP="a=b,=x" flowrun run wf.yaml --dry-run
  expect_rc 2
  expect_stderr "flowrun: FLOWRUN_IMAGE_MAP: expected FROM=TO, got \"=x\" (the name before '=' is empty)"
  FLOWRUN_IMAGE_MAP="a=" flowrun run wf.yaml --dry-run
  expect_rc 2
  expect_stderr "flowrun: FLOWRUN_IMAGE_MAP: expected FROM=TO, got \"a=\" (nothing after '=')"
}

case_bad_default_config_entry() {
  write_wf
  printf '\n\nbroken\n' | config_file
  flowrun run wf.yaml --dry-run
  expect_rc 2
  expect_stderr "flowrun: $XDG_CONFIG_HOME/flowrun/image-map:3: expected FROM=TO, got \"broken\" (no '=')"
}

case_unreadable_map_file() {
  write_wf
  flowrun run wf.yaml --dry-run --image-map-file missing.txt
  expect_rc 2
  expect_stderr "flowrun: --image-map-file: cannot read missing.txt: No such file or directory"
  mkdir adir
  flowrun run wf.yaml --dry-run --image-map-file adir
  expect_rc 2
  expect_stderr "flowrun: --image-map-file: cannot read adir: it is a directory"
}

case_empty_sources_are_fine() {
  write_wf
  : | config_file
  : | write empty.txt
  FLOWRUN_IMAGE_MAP=" , " flowrun run wf.yaml --dry-run --image-map-file empty.txt -v
  expect_image alpine:3.19
  expect_stderr_lacks "image map:"
}

run_cases "$@"

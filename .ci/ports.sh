# Sourced by the .ci scripts that start servers on loopback.

# Prints a TCP port on 127.0.0.1 that nothing listens on, from a range no test binds by itself.
free_port() {
  local p
  for p in $(shuf -i 20000-60000 -n 50); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      echo "$p"
      return
    fi
  done
  echo "no free port found" >&2
  return 1
}

#!/usr/bin/env bash
# Installs the Debian packages the tests drive for real: kubectl's peers (Ansible with kubernetes.core and the
# Python Kubernetes client, ansible-lint for the playbooks), Prometheus and Alertmanager, PostgreSQL. Idempotent; needs root (or sudo).
set -euo pipefail
packages=(ansible ansible-lint python3-kubernetes prometheus prometheus-alertmanager postgresql)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  echo "installing: ${missing[*]}"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# CI images carry a recent kubectl; a bare Debian machine gets Debian's (kubernetes-client) instead.
if ! command -v kubectl >/dev/null; then
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  echo "installing: kubernetes-client (kubectl)"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends kubernetes-client >/dev/null
fi

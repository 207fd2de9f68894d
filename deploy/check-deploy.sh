#!/usr/bin/env bash
# Checks deploy/ without a container engine or a cluster (none runs on the CI machine):
#   systemd/     systemd-analyze verify (and an offline security review), ExecStart pointed
#                at the built binary through a temporary copy of the units
#   kubernetes/  kubernetes-validate (PyPI; bundles the Kubernetes JSON schemas) --strict,
#                plus the properties deploy/README.md promises (replicas, probes, PDB, …)
#   container/   Dockerfile parsed with dockerfile-parse (PyPI): stages, non-root USER, libs;
#                compose.yaml validated against the Compose JSON schema that Debian's
#                docker-compose package ships, and by `docker-compose config` (no daemon needed)
# A check whose tool cannot be had is skipped with the reason printed; a check that runs and
# finds a problem fails the script.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/local/common.sh"
cd "$CIRCLES_ROOT"

failures=0
fail() { printf '[deploy] FAIL: %s\n' "$*" >&2; failures=$((failures + 1)); }
pass() { printf '[deploy] ok: %s\n' "$*" >&2; }
skip() { printf '[deploy] SKIPPED: %s\n' "$*" >&2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# ------------------------------------------------------------------ systemd
if ! command -v systemd-analyze >/dev/null 2>&1; then
    skip "systemd units: systemd-analyze is not installed (Debian package systemd)"
else
    # verify wants ExecStart= binaries to exist: point the units at a copy of the built one.
    mkdir -p "$work/systemd/bin"
    for binary in circles-worker circles-web; do
        built=""
        for candidate in ".build/release/$binary" ".build/debug/$binary"; do
            [[ -x "$candidate" ]] && { built="$candidate"; break; }
        done
        if [[ -n "$built" ]]; then
            cp "$built" "$work/systemd/bin/$binary"
        else
            log "no built $binary; verifying against a stand-in executable"
            cp "$(type -P true)" "$work/systemd/bin/$binary"
        fi
    done
    for unit in deploy/systemd/*.service deploy/systemd/*.timer; do
        sed -e "s#/usr/local/bin/#$work/systemd/bin/#g" \
            -e 's#^EnvironmentFile=/#EnvironmentFile=-/#' "$unit" >"$work/systemd/$(basename "$unit")"
    done
    # Unknown keys are only warnings to verify, so any output at all counts as a failure.
    if output="$(cd "$work/systemd" && SYSTEMD_LOG_COLOR=0 systemd-analyze verify --man=no ./*.service ./*.timer 2>&1)" &&
        [[ -z "$output" ]]; then
        pass "systemd-analyze verify: $(cd deploy/systemd && echo *.service *.timer)"
    else
        fail "systemd-analyze verify:"$'\n'"$output"
    fi
    for unit in circles-worker.service circles-worker-once.service circles-web.service; do
        if output="$(cd "$work/systemd" && systemd-analyze security --offline=yes --threshold=20 --no-pager "./$unit" 2>&1)"; then
            pass "systemd-analyze security $unit: $(grep -o 'exposure level for [^:]*: [0-9.]* [A-Z]*' <<<"$output" | sed 's/.*: //')"
        else
            fail "systemd-analyze security $unit is above 2.0 (threshold 20 on systemd's 0-100 scale):"$'\n'"$(tail -n 3 <<<"$output")"
        fi
    done
fi

# ------------------------------------------------------------------ Python tools
# kubernetes-validate and dockerfile-parse from PyPI, pinned, in a venv under .local/.
venv="$CIRCLES_ROOT/.local/deploy-check-venv"
have_pypi_tools=false
if [[ -x "$venv/bin/kubernetes-validate" ]] && "$venv/bin/python" -c 'import dockerfile_parse' 2>/dev/null; then
    have_pypi_tools=true
elif python3 -m venv "$venv" >/dev/null 2>&1 &&
    "$venv/bin/pip" install --quiet --disable-pip-version-check kubernetes-validate==1.37.0 dockerfile-parse==2.0.1 >"$work/pip.log" 2>&1; then
    have_pypi_tools=true
else
    skip "Kubernetes and Dockerfile checks: could not install kubernetes-validate and dockerfile-parse from PyPI: $(tail -n 2 "$work/pip.log" 2>/dev/null || true)"
fi

# ------------------------------------------------------------------ Kubernetes
if $have_pypi_tools; then
    manifests=()
    for file in deploy/kubernetes/*.yaml; do
        [[ "$(basename "$file")" == kustomization.yaml ]] || manifests+=("$file")
    done
    for version in 1.29.0 1.37.0; do
        if output="$("$venv/bin/kubernetes-validate" --strict --quiet -k "$version" "${manifests[@]}" 2>&1)"; then
            pass "kubernetes-validate --strict against Kubernetes $version: ${#manifests[@]} files"
        else
            fail "kubernetes-validate against $version:"$'\n'"$output"
        fi
    done
    if output="$("$venv/bin/python" - deploy/kubernetes <<'PY' 2>&1
import sys, os, yaml
root = sys.argv[1]
problems = []
docs = {}
for name in sorted(os.listdir(root)):
    if name.endswith('.yaml') and name != 'kustomization.yaml':
        for doc in yaml.safe_load_all(open(os.path.join(root, name))):
            docs[(doc['kind'], doc['metadata']['name'])] = doc
kustomization = yaml.safe_load(open(os.path.join(root, 'kustomization.yaml')))
listed = set(kustomization['resources'])
for name in os.listdir(root):
    if name.endswith('.yaml') and name not in ('kustomization.yaml', 'secret.example.yaml') and name not in listed:
        problems.append(f'{name} is not listed in kustomization.yaml')
for name in listed:
    if not os.path.exists(os.path.join(root, name)):
        problems.append(f'kustomization.yaml lists {name}, which does not exist')
deployment = docs[('Deployment', 'circles-worker')]
job = docs[('Job', 'circles-migrate')]
pdb = docs[('PodDisruptionBudget', 'circles-worker')]
if deployment['spec']['replicas'] != 2:
    problems.append('the worker Deployment should run two replicas')
pod_labels = deployment['spec']['template']['metadata']['labels']
if not all(pod_labels.get(k) == v for k, v in pdb['spec']['selector']['matchLabels'].items()):
    problems.append("the PodDisruptionBudget's selector does not match the worker pods")
if deployment['spec']['selector']['matchLabels'] != pdb['spec']['selector']['matchLabels']:
    problems.append('the PDB and the Deployment select differently')
for kind, spec in (('Deployment', deployment['spec']['template']['spec']), ('Job', job['spec']['template']['spec'])):
    if not spec.get('securityContext', {}).get('runAsNonRoot'):
        problems.append(f'{kind}: pods must run as non-root')
    for container in spec['containers']:
        resources = container.get('resources', {})
        if not resources.get('requests', {}).get('cpu') or not resources.get('requests', {}).get('memory'):
            problems.append(f'{kind}/{container["name"]}: resource requests missing')
        context = container.get('securityContext', {})
        if context.get('allowPrivilegeEscalation') is not False or not context.get('readOnlyRootFilesystem'):
            problems.append(f'{kind}/{container["name"]}: allowPrivilegeEscalation must be false and the root file system read-only')
        refs = [e['valueFrom']['secretKeyRef']['name'] for e in container.get('env', []) if 'secretKeyRef' in e.get('valueFrom', {})]
        refs += [e['secretRef']['name'] for e in container.get('envFrom', []) if 'secretRef' in e]
        if 'circles-urls' not in refs:
            problems.append(f'{kind}/{container["name"]}: the URLs must come from the circles-urls Secret')
worker = deployment['spec']['template']['spec']['containers'][0]
if worker.get('readinessProbe', {}).get('httpGet', {}).get('path') != '/health/ready':
    problems.append('the worker needs a readiness probe on /health/ready')
if worker.get('livenessProbe', {}).get('httpGet', {}).get('path') != '/health/live':
    problems.append('the worker needs a liveness probe on /health/live')
web = docs[('Deployment', 'circles-web')]
web_pdb = docs[('PodDisruptionBudget', 'circles-web')]
service = docs[('Service', 'circles-web')]
if web['spec']['replicas'] < 2:
    problems.append('circles-web should run at least two replicas')
if web['spec']['selector']['matchLabels'] != web_pdb['spec']['selector']['matchLabels']:
    problems.append("circles-web's PDB and Deployment select differently")
web_spec = web['spec']['template']['spec']
if not web_spec.get('securityContext', {}).get('runAsNonRoot'):
    problems.append('circles-web pods must run as non-root')
web_container = web_spec['containers'][0]
context = web_container.get('securityContext', {})
if context.get('allowPrivilegeEscalation') is not False or not context.get('readOnlyRootFilesystem'):
    problems.append('circles-web: allowPrivilegeEscalation must be false and the root file system read-only')
for probe, path in (('readinessProbe', '/health/ready'), ('livenessProbe', '/health/live')):
    get = web_container.get(probe, {}).get('httpGet', {})
    if get.get('path') != path or get.get('port') != 'metrics':
        problems.append(f'circles-web needs a {probe} on {path} at the metrics port (the operations listener)')
if [p['targetPort'] for p in service['spec']['ports']] != ['web']:
    problems.append('the circles-web Service must expose the public port only, never the operations port')
if not all(web['spec']['template']['metadata']['labels'].get(k) == v for k, v in service['spec']['selector'].items()):
    problems.append('the circles-web Service does not select the web pods')
secret = docs[('Secret', 'circles-urls')]
for key in ('CIRCLES_DATABASE_URL', 'CIRCLES_MIGRATION_DATABASE_URL', 'CIRCLES_SMTP_URL'):
    if key not in secret.get('stringData', {}):
        problems.append(f'secret.example.yaml lacks {key}')
print('\n'.join(problems))
sys.exit(1 if problems else 0)
PY
    )"; then
        pass "Kubernetes: replicas, probes, PDB selectors, requests, non-root, Secret references, circles-web's Service, kustomization"
    else
        fail "Kubernetes manifests:"$'\n'"$output"
    fi
fi

# ------------------------------------------------------------------ Dockerfile
if $have_pypi_tools; then
    if output="$("$venv/bin/python" - deploy/container/Dockerfile <<'PY' 2>&1
import sys, json
from dockerfile_parse import DockerfileParser
parser = DockerfileParser(path=sys.argv[1])
instructions = parser.structure
problems = []
stages = [i for i in instructions if i['instruction'] == 'FROM']
if len(stages) < 2:
    problems.append('expected a multi-stage build (a builder and a runtime stage)')
else:
    if not stages[0]['value'].split()[-1] == 'build':
        problems.append('the first stage should be named build')
    last_start = stages[-1]['startline']
    runtime = [i for i in instructions if i['startline'] >= last_start]
    users = [i['value'].strip() for i in runtime if i['instruction'] == 'USER']
    if not users or users[-1].split(':')[0] in ('root', '0'):
        problems.append('the runtime stage must end as a non-root USER')
    run_text = ' '.join(i['value'] for i in runtime if i['instruction'] == 'RUN')
    for package in ('libpq5', 'libcurl4', 'ca-certificates'):
        if package not in run_text:
            problems.append(f'the runtime stage should install {package}')
    if 'swift' in stages[-1]['value'].lower():
        problems.append('the runtime stage must not be a Swift toolchain image')
    copies = [i['value'] for i in runtime if i['instruction'] == 'COPY']
    if not any(c.startswith('--from=build') for c in copies):
        problems.append('the runtime stage should copy the binaries from the build stage')
    entry = [i['value'] for i in runtime if i['instruction'] == 'ENTRYPOINT']
    if not entry or not entry[-1].strip().startswith('['):
        problems.append('ENTRYPOINT should be in exec form, so the worker gets SIGTERM directly')
known = {'FROM', 'RUN', 'COPY', 'WORKDIR', 'USER', 'ENTRYPOINT', 'CMD', 'EXPOSE', 'ARG', 'ENV', 'LABEL', 'COMMENT'}
for i in instructions:
    if i['instruction'] not in known:
        problems.append(f"line {i['startline'] + 1}: unexpected instruction {i['instruction']}")
print('\n'.join(problems))
sys.exit(1 if problems else 0)
PY
    )"; then
        pass "Dockerfile: multi-stage, runtime non-root with libpq5/libcurl4, binaries copied from build"
    else
        fail "Dockerfile:"$'\n'"$output"
    fi
fi

# ------------------------------------------------------------------ compose
schema=/usr/lib/python3/dist-packages/compose/config/compose_spec.json
python="$(python_with jsonschema yaml)" || python=""
if [[ -z "$python" || ! -f "$schema" ]]; then
    skip "compose.yaml: needs Debian's python3-jsonschema, python3-yaml and docker-compose (for its Compose schema)"
else
    if output="$("$python" - "$schema" deploy/container/compose.yaml <<'PY' 2>&1
import sys, json, yaml, jsonschema
schema = json.load(open(sys.argv[1]))
document = yaml.safe_load(open(sys.argv[2]))
errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(document), key=lambda e: list(e.path))
problems = ['/'.join(map(str, e.path)) + ': ' + e.message for e in errors]
services = document.get('services', {})
for name in ('postgres', 'migrate', 'worker', 'mailcatcher'):
    if name not in services:
        problems.append(f'service {name} is missing')
condition = services.get('worker', {}).get('depends_on', {}).get('migrate', {}).get('condition')
if condition != 'service_completed_successfully':
    problems.append('the worker should start only after the migration completed successfully')
print('\n'.join(problems))
sys.exit(1 if problems else 0)
PY
    )"; then
        pass "compose.yaml validates against the Compose JSON schema ($schema)"
    else
        fail "compose.yaml against the Compose JSON schema:"$'\n'"$output"
    fi
    if command -v docker-compose >/dev/null 2>&1; then
        if output="$(cd deploy/container && docker-compose -f compose.yaml config -q 2>&1)"; then
            pass "docker-compose config (parsing and interpolation only; no engine runs here)"
        else
            fail "docker-compose config:"$'\n'"$output"
        fi
    fi
fi

if [[ $failures -gt 0 ]]; then
    die "$failures deploy check(s) failed"
fi
log "deploy checks passed"

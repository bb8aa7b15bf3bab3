"""deploy/: the HAProxy template, the image, the compose file and the Kubernetes manifests are
checked offline; then two replicas behind a real HAProxy (deploy/scale_out.py) are driven from
Chromium: sticky sessions with uploads, sessions spread over both replicas, failover of a killed one.

Screenshots land in artifacts/deploy-*.png.
"""

import asyncio
import http.server
import json
import math
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl

import pytest
import yaml
from conftest import ARTIFACTS, ROOT, VALUES
from playwright.sync_api import expect
from test_load import expected_upload_metrics, run_async
from websockets.exceptions import ConnectionClosed

from benchmarks.lib.loadclient import ProtocolError, Session
from benchmarks.lib.room import Learner, Presenter, texts
from benchmarks.lib.scenarios import SCENARIOS
from benchmarks.lib.uploads import predictions_csv, uploader
from deploy import scale_out
from lossviz.room import rooms
from lossviz.room.redis_store import RedisStore

DEPLOY = ROOT / "deploy"
TEMPLATE = DEPLOY / "haproxy" / "haproxy.cfg"
COMPOSE_BACKEND = DEPLOY / "haproxy" / "compose-backend.cfg"
K8S = DEPLOY / "k8s"
MANIFESTS = [
    "deployment.yaml",
    "service.yaml",
    "ingress.yaml",
    "hpa.yaml",
    "redis-deployment.yaml",
    "redis-service.yaml",
]
HAPROXY = shutil.which("haproxy") or "/usr/sbin/haproxy"
COOKIE = "lossviz_replica"
TIMEOUT = 30_000
# Any page has drawn: numbers, an error, or the batch page's invitation to upload.
READY = f'{VALUES}, [data-testid="stAlertContentError"], [data-testid="stAlertContentInfo"]'

# The article's first example as a link to the explorer (the app's default page, served at /):
# t = class 1 of 4, y = (0.1, 0.05, 0.05, 0.8). By hand: ½(0.1² + 0.95² + 0.05² + 0.8²) = ½ · 1.555
# = 0.7775, and −ln(0.05 + 1e-7) = 2.9957.
LINK = "?t=1&y=0.1,0.05,0.05,0.8"
LINK_VALUES = [f"{0.5 * (0.1**2 + 0.95**2 + 0.05**2 + 0.8**2):.4f}", f"{-math.log(0.05 + 1e-7):.4f}"]
# The article's second example: 0.0275 and 0.22314342631421757.
EDITED_Y = "0.1, 0.8, 0.05, 0.05"
EDITED_VALUES = ["0.0275", "0.2231"]


@pytest.fixture(scope="module")
def haproxy():
    if not Path(HAPROXY).exists():
        if os.environ.get("CI"):
            pytest.fail("HAProxy is missing: CI must `apt-get install -y haproxy`.")
        pytest.skip("Debian's haproxy is not installed (apt-get install -y haproxy)")
    return HAPROXY


def haproxy_check(haproxy, backend, tmp_path):
    """`haproxy -c` on the shared template plus one backend file."""
    env = dict(os.environ, LOSSVIZ_BIND="127.0.0.1:8080", LOSSVIZ_STATS_SOCKET=str(tmp_path / "stats.sock"))
    command = ["-c", "-f", str(TEMPLATE), "-f", str(backend)]
    return subprocess.run([haproxy, *command], capture_output=True, text=True, env=env, timeout=30)


def test_haproxy_accepts_the_template_with_the_local_backend(haproxy, tmp_path):
    backend = tmp_path / "backend.cfg"
    backend.write_text(scale_out.local_backend([8501, 8502, 8503]))
    check = haproxy_check(haproxy, backend, tmp_path)
    assert check.returncode == 0, check.stderr
    assert "[WARNING]" not in check.stderr and "[ALERT]" not in check.stderr, check.stderr


def test_haproxy_accepts_the_template_with_the_compose_backend(haproxy, tmp_path):
    check = haproxy_check(haproxy, COMPOSE_BACKEND, tmp_path)
    assert check.returncode == 0, check.stderr
    # Offline there is no Docker DNS for `app`: its slots start empty, as the backend allows.
    warnings = [line for line in check.stderr.splitlines() if "[WARNING]" in line or "[ALERT]" in line]
    assert warnings and all("could not resolve address 'app'" in w for w in warnings), check.stderr


def test_haproxy_check_rejects_a_broken_backend(haproxy, tmp_path):
    backend = tmp_path / "backend.cfg"
    backend.write_text(scale_out.local_backend([8501]).replace("server ", "sever "))
    check = haproxy_check(haproxy, backend, tmp_path)
    assert check.returncode != 0
    assert "unknown keyword 'sever'" in check.stderr


def dockerfile_instructions():
    """(INSTRUCTION, arguments) of deploy/Dockerfile, continuation lines joined, comments dropped."""
    text = re.sub(r"\\\n\s*", " ", (DEPLOY / "Dockerfile").read_text())
    lines = [line.strip() for line in text.splitlines()]
    return [tuple(line.split(None, 1)) for line in lines if line and not line.startswith("#")]


def test_the_image_runs_the_command_of_the_local_replicas():
    (cmd,) = [json.loads(args) for name, args in dockerfile_instructions() if name == "CMD"]
    assert cmd == scale_out.replica_command(8501, address="0.0.0.0", python="python")


def test_the_image_is_non_root_checks_health_and_bakes_the_config():
    steps = dockerfile_instructions()
    args = {name: a for name, a in steps}  # the last of each kind
    assert args["FROM"].startswith("python:3.11-slim")
    assert args["USER"] not in ("root", "0")
    assert args["EXPOSE"] == "8501"
    assert "http://127.0.0.1:8501/_stcore/health" in args["HEALTHCHECK"]
    assert ("RUN", "pip install -r requirements.txt") in steps
    copied = [a.split()[0] for name, a in steps if name == "COPY"]
    assert ".streamlit/config.toml" in copied
    for source in copied:  # each exists, so the build context has it
        assert (ROOT / source).exists(), source
    # Pinned: requirements.txt names an exact version for every package.
    requirements = [r for r in (ROOT / "requirements.txt").read_text().splitlines() if r and r[0] != "#"]
    assert requirements and all(re.fullmatch(r"[A-Za-z0-9_.-]+==[0-9][\w.]*", r) for r in requirements)


def test_compose_runs_replicas_behind_the_same_haproxy_template():
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    app, balancer = compose["services"]["app"], compose["services"]["balancer"]
    assert (DEPLOY / app["build"]["context"]).resolve() == ROOT
    assert app["build"]["dockerfile"] == "deploy/Dockerfile"
    replicas = app["deploy"]["replicas"]
    assert replicas >= 2
    assert "ports" not in app  # replicas cannot share a host port; only the balancer publishes one
    assert "command" not in app  # the image's CMD, checked above

    mounts = dict(v.removesuffix(":ro").split(":") for v in balancer["volumes"])
    assert (DEPLOY / "haproxy" / "haproxy.cfg").resolve() == TEMPLATE.resolve()
    assert mounts["./haproxy/haproxy.cfg"] in balancer["command"]
    assert mounts["./haproxy/compose-backend.cfg"] in balancer["command"]
    for source in mounts:
        assert (DEPLOY / source).exists(), source
    assert int(balancer["environment"]["LOSSVIZ_REPLICAS"]) >= replicas  # a server slot for each
    port = balancer["environment"]["LOSSVIZ_BIND"].rsplit(":", 1)[1]
    assert any(p.endswith(f":{port}") for p in balancer["ports"])
    assert balancer["depends_on"]["app"]["condition"] == "service_healthy"  # the image's HEALTHCHECK


def redis_url_parts(url):
    """(host, port) of a redis:// URL."""
    host, port = url.removeprefix("redis://").split("/")[0].split(":")
    return host, int(port)


def test_compose_shares_one_redis_between_the_replicas():
    services = yaml.safe_load((DEPLOY / "compose.yaml").read_text())["services"]
    app, store = services["app"], services["redis"]
    host, port = redis_url_parts(app["environment"]["LOSSVIZ_REDIS_URL"])
    assert host in services and services[host] is store
    assert str(port) in store["expose"]
    assert app["depends_on"]["redis"]["condition"] == "service_healthy"
    assert store["healthcheck"]["test"] == ["CMD", "redis-cli", "ping"]
    command = store["command"]
    assert command[command.index("--appendonly") + 1] == "no"  # rooms expire in 4 h: nothing to keep
    assert command[command.index("--maxmemory-policy") + 1] == "noeviction"  # never half a room


def test_the_redis_images_match_the_server_the_tests_run():
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("redis-server is not installed")
    version = re.search(
        r"v=(\d+\.\d+)", subprocess.run([server, "--version"], capture_output=True, text=True).stdout
    )
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())["services"]["redis"]["image"]
    (container,) = manifests()["redis-deployment.yaml"]["spec"]["template"]["spec"]["containers"]
    assert compose == container["image"] == f"redis:{version.group(1)}"


def manifests():
    return {name: yaml.safe_load((K8S / name).read_text()) for name in MANIFESTS}


def test_kubernetes_manifests_validate_against_the_schemas():
    from kubernetes_validate.utils import all_versions, validate

    # The oldest and newest Kubernetes whose schemas the pinned kubernetes-validate ships (offline).
    versions = sorted({all_versions()[0], all_versions()[-1]})
    for manifest in manifests().values():
        for version in versions:
            validate(manifest, version, strict=True)  # raises on an unknown or mistyped field


def test_kubernetes_validation_catches_a_mistyped_field():
    from kubernetes_validate.utils import ValidationError, validate

    deployment = manifests()["deployment.yaml"]
    probe = deployment["spec"]["template"]["spec"]["containers"][0]["readinessProbe"]
    probe["httpget"] = probe.pop("httpGet")
    with pytest.raises(ValidationError, match="'httpget' was unexpected"):
        validate(deployment, "1.33", strict=True)


def test_kubernetes_objects_fit_together():
    m = manifests()
    deployment, service = m["deployment.yaml"], m["service.yaml"]
    ingress, hpa = m["ingress.yaml"], m["hpa.yaml"]
    pod = deployment["spec"]["template"]
    (container,) = pod["spec"]["containers"]
    (port,) = container["ports"]
    assert port["containerPort"] == 8501  # the image's --server.port
    assert "command" not in container and "args" not in container  # the image's CMD, checked above

    assert deployment["spec"]["replicas"] >= 2
    labels = pod["metadata"]["labels"]
    assert deployment["spec"]["selector"]["matchLabels"].items() <= labels.items()
    for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
        assert container[probe]["httpGet"] == {"path": "/_stcore/health", "port": port["name"]}
    resources = container["resources"]
    assert {"cpu", "memory"} <= resources["requests"].keys()  # the HPA's utilisation is of the request
    assert "memory" in resources["limits"]

    assert service["spec"]["selector"].items() <= labels.items()
    assert service["spec"]["sessionAffinity"] == "ClientIP"
    (service_port,) = service["spec"]["ports"]
    assert service_port["targetPort"] == port["name"]

    annotations = ingress["metadata"]["annotations"]
    assert annotations["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    assert annotations["nginx.ingress.kubernetes.io/affinity-mode"] == "persistent"
    upload_mb = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["server"]["maxUploadSize"]
    assert annotations["nginx.ingress.kubernetes.io/proxy-body-size"] == f"{upload_mb}m"
    (rule,) = ingress["spec"]["rules"]
    (path,) = rule["http"]["paths"]
    assert path["backend"]["service"] == {
        "name": service["metadata"]["name"],
        "port": {"name": service_port["name"]},
    }

    target = hpa["spec"]["scaleTargetRef"]
    assert (target["kind"], target["name"]) == ("Deployment", deployment["metadata"]["name"])
    assert hpa["spec"]["minReplicas"] == deployment["spec"]["replicas"]
    (metric,) = hpa["spec"]["metrics"]
    assert metric["resource"]["name"] == "cpu"


def test_the_pods_reach_one_redis_with_probes():
    m = manifests()
    (app,) = m["deployment.yaml"]["spec"]["template"]["spec"]["containers"]
    redis_deployment, redis_service = m["redis-deployment.yaml"], m["redis-service.yaml"]
    env = {e["name"]: e["value"] for e in app["env"]}
    host, port = redis_url_parts(env["LOSSVIZ_REDIS_URL"])
    assert host == redis_service["metadata"]["name"]
    (service_port,) = redis_service["spec"]["ports"]
    assert service_port["port"] == port

    assert redis_deployment["spec"]["replicas"] == 1  # one store: replicas would not share rooms
    pod = redis_deployment["spec"]["template"]
    assert redis_service["spec"]["selector"].items() <= pod["metadata"]["labels"].items()
    assert redis_deployment["spec"]["selector"]["matchLabels"].items() <= pod["metadata"]["labels"].items()
    (container,) = pod["spec"]["containers"]
    (container_port,) = container["ports"]
    assert service_port["targetPort"] == container_port["name"] and container_port["containerPort"] == 6379
    assert container["readinessProbe"]["exec"]["command"] == ["redis-cli", "ping"]
    assert container["livenessProbe"]["tcpSocket"]["port"] == container_port["name"]
    assert {"cpu", "memory"} <= container["resources"]["requests"].keys()
    args = container["args"]
    maxmemory_mb = int(args[args.index("--maxmemory") + 1].removesuffix("mb"))
    assert maxmemory_mb < int(container["resources"]["limits"]["memory"].removesuffix("Mi"))
    assert args[args.index("--maxmemory-policy") + 1] == "noeviction"


def test_kustomization_applies_every_manifest():
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text())
    assert sorted(kustomization["resources"]) == sorted(MANIFESTS)
    assert sorted(p.name for p in K8S.glob("*.yaml")) == sorted([*MANIFESTS, "kustomization.yaml"])


# --- Two replicas behind HAProxy, in the browser -------------------------------------------------


@dataclass
class Balancer:
    url: str
    stats: str
    pids: dict  # replica name -> pid


def _running(pid):
    """Whether pid is a live process (not gone, not a zombie left for init to reap)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"


def _stop_group(proc, pids):
    """SIGTERM deploy/scale_out.py and wait; then the names of its processes still running, and
    SIGKILL to the process group it leads (only the group this module started)."""
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    finally:
        left = [name for name, pid in pids.items() if _running(pid)]
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait()
    return left


@pytest.fixture(scope="module")
def balancer(haproxy, tmp_path_factory):
    """deploy/scale_out.py with two replicas on free loopback ports; stops (and checks) them all after."""
    run_dir = tmp_path_factory.mktemp("scale_out")
    command = [sys.executable, "-m", "deploy.scale_out", "--replicas", "2", "--port", "0"]
    command += ["--run-dir", str(run_dir), "--haproxy", haproxy]
    # Its own process group: if the script itself dies, its replicas can still be found and stopped.
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True, start_new_session=True)
    pids = {}
    try:
        lines = []
        for line in proc.stdout:  # the script gives up by itself after its startup deadline
            if line.strip() == "ready":
                break
            lines.append(line.split())
        else:
            logs = "\n".join(f"--- {p.name}\n{p.read_text()[-2000:]}" for p in sorted(run_dir.glob("*.log")))
            pytest.fail(f"deploy/scale_out.py did not get ready:\n{lines}\n{logs}")
        # replica <name> <url> pid <pid> / balancer <url> pid <pid> stats <socket>
        replicas = {words[1]: int(words[4]) for words in lines if words[0] == "replica"}
        (words,) = [words for words in lines if words[0] == "balancer"]
        pids = {**replicas, "haproxy": int(words[3])}
        yield Balancer(url=words[1], stats=words[5], pids=replicas)
    finally:
        left = _stop_group(proc, pids)
    assert proc.returncode == 0
    assert not left, f"deploy/scale_out.py left {left} running"


def replica_stats(stats_socket):
    """HAProxy's `show stat` for the lossviz backend's servers: {server: row as a dict}."""
    with socket.socket(socket.AF_UNIX) as s:
        s.connect(stats_socket)
        s.sendall(b"show stat\n")
        data = b"".join(iter(lambda: s.recv(65536), b""))
    header, *rows = data.decode().lstrip("# ").splitlines()
    rows = [dict(zip(header.split(","), row.split(","), strict=False)) for row in rows if row]
    return {
        r["svname"]: r
        for r in rows
        if r["pxname"] == "lossviz" and r["svname"] not in ("FRONTEND", "BACKEND")
    }


def replica_of(context):
    """The replica the balancer pinned this browser context to, from its sticky cookie."""
    values = [c["value"] for c in context.cookies() if c["name"] == COOKIE]
    return values[0] if values else None


def wait_for_replica(page, name):
    """Wait until the balancer has pinned this page's browser context to replica `name`."""
    for _ in range(TIMEOUT // 250):
        if replica_of(page.context) == name:
            return
        page.wait_for_timeout(250)
    assert replica_of(page.context) == name


def open_page(page, url):
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(url)
    expect(page.locator(READY).first).to_be_visible(timeout=TIMEOUT)
    return errors


def expect_metrics(page, values):
    """Wait until the page shows these st.metric values and has settled (not running, nothing stale)."""
    metrics = page.locator(VALUES)
    expect(metrics).to_have_text(values, timeout=TIMEOUT)
    expect(page.locator('[data-stale="true"]')).to_have_count(0, timeout=TIMEOUT)
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=TIMEOUT)


def edit_y(page, text):
    box = page.get_by_role("textbox", name="y — the predicted probabilities")
    box.fill(text)
    box.press("Enter")


def upload_batch(page, tmp_path):
    """Upload three predictions and their labels on the batch page; returns the expected mean CEE."""
    for name, text in (("preds.csv", "0.1,0.9\n0.8,0.2\n0.3,0.7\n"), ("labels.csv", "1\n0\n0\n")):
        (tmp_path / name).write_text(text)
    dropzones = page.locator('[data-testid="stFileUploaderDropzoneInput"]')
    dropzones.first.set_input_files(str(tmp_path / "preds.csv"))
    # Wait, as a person does, for the page to answer the first file (its "Labels" column choice)
    # before picking the second: a second pick sent mid-rerun can drop the first.
    expect(page.locator('[data-testid="stSelectbox"]', has_text="Labels")).to_be_visible(timeout=TIMEOUT)
    expect(dropzones).to_have_count(2, timeout=TIMEOUT)
    dropzones.nth(1).set_input_files(str(tmp_path / "labels.csv"))
    # −(ln(0.9 + δ) + ln(0.8 + δ) + ln(0.3 + δ)) / 3, by hand with math.log.
    return f"{-(math.log(0.9 + 1e-7) + math.log(0.8 + 1e-7) + math.log(0.3 + 1e-7)) / 3:.4f}"


@pytest.mark.slow
@pytest.mark.browser
def test_a_session_sticks_to_one_replica_through_edits_and_uploads(browser, balancer, tmp_path):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors = open_page(page, f"{balancer.url}/{LINK}")
    expect_metrics(page, LINK_VALUES)
    pinned = replica_of(context)
    assert pinned in balancer.pids

    edit_y(page, EDITED_Y)
    expect_metrics(page, EDITED_VALUES)
    assert replica_of(context) == pinned
    page.screenshot(path=str(ARTIFACTS / "deploy-explorer-through-haproxy.png"))

    uploads = []
    page.on("response", lambda r: "/_stcore/upload_file/" in r.url and uploads.append(r.status))
    open_page(page, f"{balancer.url}/batch?source=upload")
    expected = upload_batch(page, tmp_path)
    expect(page.locator(VALUES).first).to_have_text(expected, timeout=TIMEOUT)
    page.screenshot(path=str(ARTIFACTS / "deploy-upload-through-haproxy.png"))
    assert uploads and all(status < 300 for status in uploads), uploads
    assert replica_of(context) == pinned

    # Still working after the upload: back to the link, edited again, same replica all along.
    open_page(page, f"{balancer.url}/{LINK}")
    expect_metrics(page, LINK_VALUES)
    edit_y(page, EDITED_Y)
    expect_metrics(page, EDITED_VALUES)
    assert replica_of(context) == pinned  # the cookie was never re-issued for another replica
    assert not errors
    context.close()


@pytest.mark.slow
@pytest.mark.browser
def test_without_stickiness_an_upload_fails(browser, balancer, tmp_path):
    """Why the cookie matters (streamlit/streamlit#4173): an upload sent to the replica that does not
    hold the session is refused with HTTP 400."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    open_page(page, f"{balancer.url}/batch?source=upload")
    pinned = replica_of(context)
    (other,) = set(balancer.pids) - {pinned}

    # The session's websocket stays open on its replica; the next requests name the other one.
    context.add_cookies([{"name": COOKIE, "value": other, "url": balancer.url}])
    with page.expect_response(lambda r: "/_stcore/upload_file/" in r.url, timeout=TIMEOUT) as response:
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').first.set_input_files(
            files=[{"name": "preds.csv", "mimeType": "text/csv", "buffer": b"0.1,0.9\n0.8,0.2\n"}]
        )
    assert response.value.status == 400
    context.close()


@pytest.mark.slow
@pytest.mark.browser
def test_new_sessions_are_spread_over_both_replicas(browser, balancer):
    contexts, pinned = [], []
    for _ in balancer.pids:  # one new browser per replica
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        contexts.append(context)
        page = context.new_page()
        open_page(page, f"{balancer.url}/{LINK}")
        expect_metrics(page, LINK_VALUES)
        pinned.append(replica_of(context))
    # Round robin hands out the replicas in turn, so each new browser gets the other one. The
    # balancer's own counters agree: each replica holds an open connection (a session's websocket).
    assert sorted(pinned) == sorted(balancer.pids), pinned
    stats = replica_stats(balancer.stats)
    assert all(int(stats[name]["scur"]) >= 1 for name in balancer.pids), stats
    for context in contexts:
        context.close()


@pytest.mark.slow
def test_the_load_client_keeps_its_replica_through_an_upload(balancer):
    """The load benchmark's sessions keep the balancer's cookie as a browser does, so their uploads
    reach the replica holding the session (before they kept it, this PUT was refused with HTTP 400)."""
    data = predictions_csv(2_000, seed=4)
    outs = [run_async(uploader(data, 0.0, 60)(balancer.url)) for _ in balancer.pids]
    for out in outs:  # one session per replica: round robin hands them out in turn
        assert out["errors"] == []
        shown = {label: value for label, value, _ in out["metrics"]}
        assert expected_upload_metrics(data).items() <= shown.items()
    assert sorted(out["replica"] for out in outs) == sorted(balancer.pids)


@pytest.mark.slow
@pytest.mark.browser
def test_a_session_whose_replica_dies_carries_on_with_the_same_view(browser, balancer):
    """Runs last in this module: it kills one of the two replicas."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    open_page(page, f"{balancer.url}/{LINK}")
    edit_y(page, EDITED_Y)
    expect_metrics(page, EDITED_VALUES)
    link = page.url  # the edited view, as the address bar shows it
    assert "y=0.1" in link and "0.8" in link
    dead = replica_of(context)

    os.kill(balancer.pids[dead], signal.SIGKILL)
    # The page reconnects through HAProxy, which breaks the cookie naming the dead replica, pins the
    # browser to the live one and the new session reruns the page's link there.
    (alive,) = set(balancer.pids) - {dead}
    wait_for_replica(page, alive)
    expect_metrics(page, EDITED_VALUES)
    page.screenshot(path=str(ARTIFACTS / "deploy-after-failover.png"))

    # A live session on the survivor: edits work, and the same link opens the same view.
    edit_y(page, "0.1,0.05,0.05,0.8")
    expect_metrics(page, LINK_VALUES)
    fresh = context.new_page()
    open_page(fresh, link)
    expect_metrics(fresh, EDITED_VALUES)
    assert replica_of(context) == alive
    # The redispatch did not wait for the health checks; they mark the dead replica down too
    # (two failed checks 2 s apart).
    for _ in range(TIMEOUT // 250):
        status = replica_stats(balancer.stats)[dead]["status"]
        if status.startswith("DOWN"):
            break
        page.wait_for_timeout(250)
    assert status.startswith("DOWN"), status
    context.close()


# ---- two replicas sharing one Redis: a workshop room across replicas, a replica killed, Redis stopped ----
# Protocol-level pages (benchmarks.lib.room): a presenter and learners pinned to each replica by
# the balancer's cookie, as browsers whose first request round robin sent there.

ROOM_STEP_1 = 0.5 * (0.1**2 + 0.95**2 + 0.05**2 + 0.8**2)  # step 1's question, ½Σ(y − t)² = 0.7775, by hand
UNREACHABLE = "The room is unreachable right now"  # room.unreachable, en


@dataclass
class RoomBalancer:
    url: str
    pids: dict  # replica name -> pid
    redis_url: str
    redis_pid: int


@pytest.fixture(scope="module")
def room_balancer(haproxy, tmp_path_factory):
    """deploy/scale_out.py --redis with two replicas; stops (and checks) them all after."""
    run_dir = tmp_path_factory.mktemp("scale_out_redis")
    command = [sys.executable, "-m", "deploy.scale_out", "--replicas", "2", "--port", "0", "--redis"]
    command += ["--run-dir", str(run_dir), "--haproxy", haproxy]
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True, start_new_session=True)
    pids = {}
    try:
        lines = []
        for line in proc.stdout:
            if line.strip() == "ready":
                break
            lines.append(line.split())
        else:
            logs = "\n".join(f"--- {p.name}\n{p.read_text()[-2000:]}" for p in sorted(run_dir.glob("*.log")))
            pytest.fail(f"deploy/scale_out.py --redis did not get ready:\n{lines}\n{logs}")
        # redis <url> pid <pid> / replica <name> <url> pid <pid> / balancer <url> pid <pid> stats <socket>
        replicas = {words[1]: int(words[4]) for words in lines if words[0] == "replica"}
        (redis_line,) = [words for words in lines if words[0] == "redis"]
        (words,) = [words for words in lines if words[0] == "balancer"]
        pids = {**replicas, "haproxy": int(words[3]), "redis": int(redis_line[3])}
        yield RoomBalancer(words[1], replicas, redis_line[1], int(redis_line[3]))
    finally:
        left = _stop_group(proc, pids)
    assert proc.returncode == 0
    assert not left, f"deploy/scale_out.py --redis left {left} running"


def pinned(cls, *args, replica):
    """A page whose browser already holds the balancer's cookie for `replica`."""
    page = cls(*args)
    page.session.cookies[COOKIE] = replica
    return page


async def until(condition, act, tries=20, pause=0.5):
    """Run `act` (a coroutine function) until `condition()` holds, at most `tries` times."""
    for _ in range(tries):
        if condition():
            return True
        await act()
        await asyncio.sleep(pause)
    return condition()


async def _room_across_replicas(url, pids, redis_url):
    presenter = pinned(Presenter, url, replica="app1")
    code = await presenter.open_room()
    learners = [pinned(Learner, url, code, i, replica=f"app{1 + i % 2}") for i in range(4)]
    for learner in learners:
        await learner.join()
        assert not learner.errors and 1 in learner.followed  # step 1's answer box
    assert [lr.replica for lr in learners] == ["app1", "app2", "app1", "app2"]
    assert presenter.session.cookies[COOKIE] == "app1"
    assert await until(lambda: presenter.counts() == (0, 4), presenter.tick)

    # Learners 0 (app1) and 1 (app2) answer; then app2 dies mid-question.
    assert await learners[0].answer(1, round(ROOM_STEP_1, 4)) and await learners[1].answer(1, 2.9957)
    os.kill(pids["app2"], signal.SIGKILL)

    # Learners 1 and 3 find their websocket closed at their next request, reconnect through the
    # balancer to app1 and, by their link (?room=CODE), are in the room again on its step.
    for learner in learners[1::2]:
        with pytest.raises((ConnectionClosed, ProtocolError, OSError)):
            for _ in range(10):
                await learner.tick()
                await asyncio.sleep(0.5)
        await learner.reconnect()
        assert learner.replica == "app1" and not learner.errors
        assert dict(parse_qsl(learner.session.query))["room"] == code
    # Learner 1 is the same learner there (their link's ?me=): their answer from before the kill is
    # still theirs. Learner 3 answers on the survivor.
    assert any(t.startswith("Sent: 2.9957") for t in texts(learners[1].session))
    assert await learners[3].answer(1, 0.78)

    # Every answer given counts, once; the room still has four learners, not six.
    assert await until(lambda: presenter.counts() == (3, 4), presenter.tick)
    key = dict(parse_qsl(presenter.session.query))["key"]
    assert sorted(rooms.answers(RedisStore(redis_url), code, 1, key=key).values()) == [0.7775, 0.78, 2.9957]

    # The presenter reveals and moves on; every learner, all on the survivor now, follows.
    await presenter.press("tour-reveal")
    await presenter.press("tour-next")
    for learner in learners:
        assert await until(lambda lr=learner: 2 in lr.followed, learner.tick), learner.index
    return code


@pytest.mark.slow
def test_a_room_spans_both_replicas_and_survives_one_killed_mid_question(room_balancer):
    """Runs before the Redis test below; it kills replica app2."""
    for pid in room_balancer.pids.values():  # every replica was given the one Redis
        environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
        assert f"LOSSVIZ_REDIS_URL={room_balancer.redis_url}".encode() in environ
    run_async(_room_across_replicas(room_balancer.url, room_balancer.pids, room_balancer.redis_url))


async def _without_redis(url, redis_pid):
    presenter = pinned(Presenter, url, replica="app1")
    code = await presenter.open_room()
    learner = pinned(Learner, url, code, 0, replica="app1")
    await learner.join()
    os.kill(redis_pid, signal.SIGKILL)
    # The learner's one-second poll finds the room unreachable: one notice, no error box.
    notices = lambda: [e.proto.body for _, e in learner.session.ordered() if e.kind == "alert"]  # noqa: E731
    assert await until(lambda: any(UNREACHABLE in n for n in notices()), learner.tick)
    assert not learner.errors
    # The learner's own slide still shows its numbers: step 1's squared error, by hand above.
    assert ("Squared error", f"{ROOM_STEP_1:.4f}") in [m[:2] for m in learner.session.metrics()]
    # A single learner's page still computes its losses (the explorer, checked against values by hand).
    alone = Session(url, "", "", timeout=60)
    alone.cookies[COOKIE] = "app1"
    assert not (await alone.open()).errors
    run = await alone.edit("y", EDITED_Y)
    assert not run.errors and not SCENARIOS["explorer"].check(alone, EDITED_Y)
    await alone.close()


@pytest.mark.slow
def test_with_redis_stopped_a_learner_gets_a_notice_and_the_explorer_keeps_working(room_balancer):
    run_async(_without_redis(room_balancer.url, room_balancer.redis_pid))


@pytest.mark.slow
def test_the_balancer_drops_a_forged_forwarded_address_and_writes_the_clients(haproxy, tmp_path):
    """The room's per-address limit counts the address a replica sees, which uvicorn takes from
    X-Forwarded-For when the balancer is on loopback: that header must be the balancer's own."""
    seen = []

    class Echo(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            seen.append(self.headers.get_all("X-Forwarded-For"))
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Echo)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    backend = tmp_path / "backend.cfg"
    backend.write_text(scale_out.local_backend([server.server_address[1]]))
    port = scale_out.free_port()
    env = dict(os.environ, LOSSVIZ_BIND=f"127.0.0.1:{port}", LOSSVIZ_STATS_SOCKET=str(tmp_path / "s.sock"))
    proc = subprocess.Popen(scale_out.haproxy_command(haproxy, backend), env=env, stdout=subprocess.DEVNULL)
    try:
        for _ in range(80):  # until HAProxy listens and its health checks have marked the server up
            try:
                with socket.create_connection(("127.0.0.1", port), source_address=("127.0.0.7", 0)) as s:
                    s.sendall(b"GET /_stcore/health HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 6.6.6.6\r\n\r\n")
                    if s.recv(64).split(b" ")[1:2] == [b"200"]:  # HTTP/1.0 or 1.1, as relayed
                        break
            except ConnectionRefusedError:
                pass
            time.sleep(0.25)
        # Every request the client sent carries its own address (HAProxy's health checks, which
        # may come between them at any moment, send no such header).
        forwarded = [header for header in seen if header is not None]
        assert forwarded and all(h == ["127.0.0.7"] for h in forwarded)  # never the forged 6.6.6.6
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        server.shutdown()

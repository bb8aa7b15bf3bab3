"""Starting a server (lossviz.server.launch): the bare app answers its health check and its page,
and is gone when the block ends; a script that cannot start is reported, not waited for."""

import socket
import urllib.request

import pytest
from conftest import ROOT

from lossviz.server import launch

BARE_APP = ROOT / "benchmarks" / "bare_app.py"


def test_a_server_is_healthy_inside_the_block_and_stopped_after(tmp_path):
    log = tmp_path / "bare.log"
    with launch.serving(BARE_APP, "--server.runOnSave", "false", log=log) as (proc, url):
        assert proc.poll() is None and launch.healthy(url)
        with urllib.request.urlopen(url, timeout=10) as page:  # Streamlit's page shell
            assert page.status == 200 and b"<title>Streamlit</title>" in page.read()
    assert proc.poll() is not None  # stopped
    assert not launch.healthy(url)
    assert f"URL: {url}" in log.read_text()  # Streamlit's banner: the log has the server's output


def test_a_script_that_does_not_start_is_reported(tmp_path):
    log = tmp_path / "missing.log"
    with pytest.raises(launch.StartError, match=r"missing\.py exited with code \d+ .*see .*missing\.log"):
        with launch.serving(tmp_path / "missing.py", log=log):
            pytest.fail("a server without its script answered")


def test_a_free_port_can_be_listened_on():
    port = launch.free_port()
    with socket.socket() as s:
        s.bind(("127.0.0.1", port))  # would raise if something held it

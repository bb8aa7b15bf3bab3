"""What the benchmarks share: a protocol-level client, the scenarios and their checks, levels of
concurrent sessions, the server's resources from /proc, uploads, the browser, and the printed tables.

    loadclient    one browser tab spoken at the websocket protocol level (no browser)
    scenarios     what each session types, and how each answer is checked
    levels        sessions at once on one server: run_session, run_level, Level
    server_stats  a server process's CPU and memory (/proc) and the uploads Streamlit holds
    uploads       the CSVs the upload benchmarks send, and the upload scenario
    browser       Debian's Chromium as the browser tests start it, and "the page is settled"
    report        percentiles, a level's figures, and the tables load.py prints
    room          a workshop room's presenter and learners (join, timers, answers, reconnects)
    deployment    one replica, or N behind HAProxy (deploy/scale_out.py, with Redis if asked)

Servers are started with lossviz.server.launch.
"""

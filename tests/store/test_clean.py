"""monitor.store.clean: the engines' JSON serialiser writes what json.dumps writes, a shared value once."""

from __future__ import annotations

import json

from monitor.store.clean import json_dumps, share_json


def test_json_dumps_is_json_dumps_and_a_shared_value_is_serialised_once():
    stack = [{"class": "com.example.A", "method": "run", "file": "A.java", "line": 3}]
    other = [{"class": "com.example.B", "method": "run", "file": None, "line": None}]
    share_json(stack)
    assert json_dumps(stack) == json.dumps(stack)
    assert json_dumps(other) == json.dumps(other)
    assert json_dumps(stack) is json_dumps(stack)  # the text made once
    assert json_dumps([dict(stack[0])]) == json.dumps(stack)  # an equal, unshared value: serialised as usual

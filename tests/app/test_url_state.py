"""The URL-state helpers: a view is restored from its link, and a choice is written back as a stable code."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = str(Path(__file__).resolve().parents[2])


def _app(root: str) -> None:
    import sys

    sys.path.insert(0, root)
    import streamlit as st

    import ui

    names = {110000: "北京市", 440000: "广东省", 330000: "浙江省"}
    province = ui.url_selectbox("省份", list(names), key="province", default=110000, format_func=names.get)
    chosen = ui.url_multiselect("对比", ["粤", "浙", "沪"], key="set", default=["粤"])
    year = ui.url_select_slider("年份", [2018, 2019, 2020], "year", default=2020)
    st.write(f"{province}|{','.join(chosen)}|{year}")


def run(**params: str) -> AppTest:
    at = AppTest.from_function(_app, args=(ROOT,), default_timeout=30)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def test_defaults_leave_the_url_clean():
    at = run()
    assert at.markdown[0].value == "110000|粤|2020"
    assert "province" not in at.query_params and "set" not in at.query_params


def test_link_restores_the_view_by_code_not_label():
    at = run(province="440000", set="浙,沪")
    assert at.markdown[0].value == "440000|浙,沪|2020"


def test_unknown_codes_in_the_link_fall_back_to_defaults():
    at = run(province="999999", set="x,浙")
    assert at.markdown[0].value == "110000|浙|2020"


def test_a_choice_is_written_to_the_url_as_its_code():
    at = run()
    at.selectbox(key="province").set_value(330000).run()
    at.multiselect(key="set").set_value(["沪"]).run()
    assert at.markdown[0].value == "330000|沪|2020"
    assert at.query_params["province"] in ("330000", ["330000"])
    assert at.query_params["set"] in ("沪", ["沪"])


def test_a_widget_the_browser_draws_afresh_starts_at_the_value_held():
    # A run after the one that seeded the widgets: Session State holds the link's values, and a widget
    # the browser mounts now (its first element was cut short, or a new page) starts at the default
    # the server sends, then sends it back as its value. That default must be the value held, not the
    # first option (the map's year came back as 2018 on a tour step).
    at = run(province="440000", set="浙,沪", year="2019")
    at.run()
    assert at.markdown[0].value == "440000|浙,沪|2019"
    province, chosen, year = at.selectbox(key="province"), at.multiselect(key="set"), at.select_slider(key="year")
    assert not (province.proto.set_value or chosen.proto.set_value or year.proto.set_value)
    assert province.proto.options[province.proto.default] == "广东省"
    assert [chosen.proto.options[i] for i in chosen.proto.default] == ["浙", "沪"]
    assert [year.proto.options[int(i)] for i in year.proto.default] == ["2019"]

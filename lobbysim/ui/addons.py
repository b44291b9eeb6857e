"""The editor add-ons of this package in one call: Shapes tool bar, Details dock, scale bar and
background image, sightline overlay, resize handles, replay play/pause, keyboard and middle-button
navigation, optionally the quick-estimate strip; and their retranslation when the window's language
changes.

An editor window wires them with ``install_addons(self)`` once the window is built, and calls
``retranslate_addons(self, lang)`` from its language switch.
"""

from __future__ import annotations


def install_addons(window, background: bool = True, estimate: bool = False) -> None:
    from .details_dock import install_details_dock
    from .scale_bar import install_scale_bar
    from .shape_tools import install_shape_tools

    if not hasattr(window, "shape_tools"):
        install_shape_tools(window)
    if not hasattr(window, "details"):
        install_details_dock(window)
    if not hasattr(window, "scale_bar"):
        install_scale_bar(window)
    if background and not hasattr(window, "background"):
        from .background import install_background_menu

        install_background_menu(window)
    if not hasattr(window, "sight_overlay"):
        from .sight_overlay import install_sight_overlay

        install_sight_overlay(window)
    if hasattr(window, "sim") and not hasattr(window, "replay_player"):
        from .replay_player import install_replay_player

        install_replay_player(window)
    if not hasattr(window, "resize_handles"):
        from .resize_handles import install_resize_handles

        install_resize_handles(window)
    if hasattr(window, "sim") and not hasattr(window, "scenario_editor"):
        from .scenario_editor import install_scenario_editor

        install_scenario_editor(window)
    if hasattr(window, "sim") and not hasattr(window, "results"):
        from .results_view import install_results

        install_results(window)
    if hasattr(window, "sim") and not hasattr(window, "deck_action"):
        from .deck_export import install_deck_export

        install_deck_export(window)
    if hasattr(window, "sim") and not hasattr(window, "robustness_action"):
        from .robustness_view import install_robustness

        install_robustness(window)
    if not hasattr(window, "navigation"):
        from .navigation import install_navigation

        install_navigation(window)
    if estimate and not hasattr(window, "quick_estimate"):
        from .quick_estimate import install_quick_estimate

        install_quick_estimate(window)


def retranslate_addons(window, lang: str) -> None:
    from .background import retranslate_background

    if hasattr(window, "shape_tools"):
        window.shape_tools.retranslate(lang)
    if hasattr(window, "details"):
        window.details.retranslate(lang)
    if hasattr(window, "scenario_editor"):
        window.scenario_editor.retranslate(lang)
    if hasattr(window, "background"):
        retranslate_background(window.background, lang)
    if hasattr(window, "sight_overlay"):
        from .sight_overlay import retranslate_sight_overlay

        retranslate_sight_overlay(window, lang)
    player = getattr(window, "replay_player", None)
    if player is not None:
        player.retranslate(lang)
    if hasattr(window, "deck_action"):
        from .deck_export import install_deck_export

        install_deck_export(window)
    if hasattr(window, "robustness_action"):
        from .robustness_view import install_robustness

        install_robustness(window)
    if hasattr(window, "results"):
        from .results_view import retranslate_results

        retranslate_results(window, lang)

//! Keyboard and drop input of the whole window, turned into actions. Shortcuts that work
//! wherever the focus is: Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y (undo, redo), Ctrl+C (copy the
//! selected districts), F11, PageUp/PageDown (scenes). Outside text fields: ←/→ step years
//! and Home/End go to the first/last year — unless the map, ranking or timeline has the focus
//! and uses the arrows itself; Space plays when no button has the focus. Esc closes an open
//! menu first (the focus back on its button), then drops the keyboard focus, then closes the top window, then leaves
//! presentation, then clears the selection. F6 / Shift+F6 move the focus between the regions
//! (menu bar, left panel, map, right panel, time bar), Ctrl+M to the map. Dropped files open
//! like File → Open.

use super::{Action, AtlasApp};
use egui::{Key, KeyboardShortcut, Modifiers};
use std::path::PathBuf;

impl AtlasApp {
    pub(super) fn handle_input(&mut self, ctx: &egui::Context) {
        let text_field = ctx.text_edit_focused();
        let focused = ctx.memory(|m| m.focused());
        let arrows_taken = focused.is_some_and(|id| self.ui.arrow_widgets.contains(&id));
        // Text fields keep their own undo and copy.
        if !text_field {
            let (redo, undo, copy) = ctx.input_mut(|i| {
                let redo = i.consume_shortcut(&KeyboardShortcut::new(
                    Modifiers::COMMAND | Modifiers::SHIFT,
                    Key::Z,
                )) || i
                    .consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::Y));
                let undo = i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::Z));
                // The window system turns Ctrl+C into a copy event; a bare key event is what
                // arrives without one (tests).
                let copy = i.events.iter().any(|e| matches!(e, egui::Event::Copy))
                    || i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::C));
                (redo, undo, copy)
            });
            if redo {
                self.actions.push(Action::Redo);
            } else if undo {
                self.actions.push(Action::Undo);
            }
            if copy {
                self.actions.push(Action::CopySelection);
            }
        }
        let (left, right, home, end, esc, space, f11, page) = ctx.input(|i| {
            let plain = |k| i.modifiers.is_none() && i.key_pressed(k);
            (
                plain(Key::ArrowLeft),
                plain(Key::ArrowRight),
                plain(Key::Home),
                plain(Key::End),
                i.key_pressed(Key::Escape),
                plain(Key::Space),
                i.key_pressed(Key::F11),
                i32::from(i.key_pressed(Key::PageDown)) - i32::from(i.key_pressed(Key::PageUp)),
            )
        });
        if !text_field {
            // Scenes as slides.
            if page != 0 {
                self.actions.push(Action::StepScene(page));
            }
            if f11 {
                self.actions
                    .push(Action::SetPresenting(!self.session.presenting));
            }
            if !arrows_taken && (left || right) {
                self.actions
                    .push(Action::StepYear(if left { -1 } else { 1 }));
                // The arrow steps the year; it does not also move the focus elsewhere.
                ctx.memory_mut(|m| m.move_focus(egui::FocusDirection::None));
            }
            if !arrows_taken && (home || end) {
                self.actions.push(Action::YearEdge { last: end });
            }
            // Space on a focused button presses that button.
            if space && (focused.is_none() || arrows_taken) {
                self.actions.push(Action::TogglePlay);
            }
        }
        if esc {
            self.escape(ctx);
        }
        self.jump_regions(ctx, focused);
        let (dropped, hovering): (Vec<PathBuf>, bool) = ctx.input(|i| {
            (
                i.raw
                    .dropped_files
                    .iter()
                    .map(|f| f.path().to_path_buf())
                    .collect(),
                !i.raw.hovered_files.is_empty(),
            )
        });
        self.ui.hovered_files = hovering;
        if !dropped.is_empty() {
            self.actions.push(Action::OpenDropped(dropped));
        }
    }

    /// F6 / Shift+F6: the focus to the next / previous region (menu bar, left panel, map,
    /// right panel, time bar; hidden ones skipped), wherever it is now. Ctrl+M: to the map.
    fn jump_regions(&mut self, ctx: &egui::Context, focused: Option<egui::Id>) {
        let (forward, back, map) = ctx.input_mut(|i| {
            // Shift+F6 first: a plain F6 shortcut may match it too.
            let back = i.consume_key(Modifiers::SHIFT, Key::F6);
            let forward = i.consume_key(Modifiers::NONE, Key::F6);
            let map = i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::M));
            (forward, back, map)
        });
        let regions = self.ui.regions;
        let target = if map {
            Some(2)
        } else if forward || back {
            let n = regions.len();
            let here = focused
                .and_then(|f| regions.iter().position(|r| *r == Some(f)))
                .or(self.ui.region);
            let step = |i: usize| if back { (i + n - 1) % n } else { (i + 1) % n };
            let start = here.map_or(if back { n - 1 } else { 0 }, step);
            (0..n)
                .scan(start, |i, _| {
                    let now = *i;
                    *i = step(*i);
                    Some(now)
                })
                .find(|&i| regions[i].is_some())
        } else {
            None
        };
        if let Some(i) = target
            && let Some(id) = regions[i]
        {
            self.ui.region = Some(i);
            ctx.memory_mut(|m| m.request_focus(id));
        }
    }

    /// Esc, one thing at a time, the innermost first.
    fn escape(&mut self, ctx: &egui::Context) {
        // An open menu or combo box closes by itself on Esc; a menu gives the focus back to
        // its button, so the keyboard goes on from there.
        if egui::Popup::is_any_open(ctx) {
            if let Some(button) = self.ui.open_menu {
                ctx.memory_mut(|m| m.request_focus(button));
            }
            return;
        }
        // egui has already dropped the focus of the widget that had it (the map, a list).
        if self.ui.last_focus.is_some() {
            return;
        }
        if self.session.close_top_window() {
            return;
        }
        self.actions.push(Action::Escape);
    }
}

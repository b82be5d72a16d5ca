//! Accessibility: names for widgets whose visible label sits elsewhere (a heading above a combo
//! box, a unit after a number field), names and descriptions of the views drawn by hand (map,
//! plots, timeline), and arrow-key navigation of the views that list districts (ranking,
//! timeline). Screen readers, and the headless UI tests, find widgets by these names.

use atlas_session::{Action, Session};

/// Gives the widget of `resp` the accessible name `label`.
pub fn name(resp: &egui::Response, label: &str) {
    resp.ctx
        .accesskit_node_builder(resp.id, |n| n.set_label(label.to_owned()));
}

/// Gives a hand-drawn view its name, a description (what is focused or selected) and a role.
pub fn describe(
    resp: &egui::Response,
    label: &str,
    description: &str,
    role: egui::accesskit::Role,
) {
    resp.ctx.accesskit_node_builder(resp.id, |n| {
        n.set_role(role);
        n.set_label(label.to_owned());
        n.set_description(description.to_owned());
        // A change (the cursor moved, a district was selected) is read out without moving
        // the screen reader's focus.
        n.set_live(egui::accesskit::Live::Polite);
    });
}

/// What a view says about the keyboard cursor's district, else the selection.
pub fn cursor_description(session: &Session) -> String {
    let lang = session.view.lang;
    let Some(ws) = &session.workspace else {
        return String::new();
    };
    let about = |d: usize| {
        let mut s = atlas_session::data_table::describe(ws, &session.view, d).unwrap_or_default();
        if session.selection.contains(d) {
            s.push_str(", ");
            s.push_str(lang.t(atlas_i18n::T::SelectedSuffix));
        }
        s
    };
    match session.cursor {
        Some(d) => about(d),
        None if session.selection.len() == 1 => session
            .selection
            .iter()
            .next()
            .map(about)
            .unwrap_or_default(),
        None => lang.f(
            atlas_i18n::T::MapA11yNone,
            &[&session.selection.len().to_string()],
        ),
    }
}

/// While `resp` has the focus, it keeps the arrow keys (they would move the focus elsewhere).
pub fn keep_arrows(resp: &egui::Response) {
    if resp.has_focus() {
        resp.ctx.memory_mut(|m| {
            m.set_focus_lock_filter(
                resp.id,
                egui::EventFilter {
                    horizontal_arrows: true,
                    vertical_arrows: true,
                    tab: false,
                    escape: false,
                },
            )
        });
    }
}

/// Arrow keys through a list of districts while `resp` has the focus: ↑/↓ (and ←/→ when
/// `horizontal`) move the cursor to the previous/next district in `order`, Enter toggles it.
pub fn list_keys(
    resp: &egui::Response,
    order: &[usize],
    cursor: Option<usize>,
    horizontal: bool,
    actions: &mut Vec<Action>,
) {
    if !resp.has_focus() || order.is_empty() {
        return;
    }
    keep_arrows(resp);
    let (prev, next, enter) = resp.ctx.input(|i| {
        use egui::Key;
        (
            i.key_pressed(Key::ArrowUp) || (horizontal && i.key_pressed(Key::ArrowLeft)),
            i.key_pressed(Key::ArrowDown) || (horizontal && i.key_pressed(Key::ArrowRight)),
            i.key_pressed(Key::Enter),
        )
    });
    let pos = cursor.and_then(|c| order.iter().position(|&d| d == c));
    let moved = match (prev, next, pos) {
        (true, _, Some(p)) => Some(order[p.saturating_sub(1)]),
        (_, true, Some(p)) => Some(order[(p + 1).min(order.len() - 1)]),
        (true, _, None) | (_, true, None) => Some(order[0]),
        _ => None,
    };
    if let Some(d) = moved
        && Some(d) != cursor
    {
        actions.push(Action::SetCursor(Some(d)));
    }
    if enter {
        actions.push(Action::ToggleCursor);
    }
}

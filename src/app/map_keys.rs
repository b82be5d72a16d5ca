//! Moving the map without dragging: the map's keys while it has the focus (arrows move the
//! keyboard cursor, Enter selects, +/− zoom, F fits) and the +, − and Fit buttons. Both
//! change the camera in place and say when the user asked to fit, which hands the camera back
//! to the layout (it then follows window resizes again).

use atlas_i18n::{Lang, T};
use atlas_scene::{Camera, Viewport};
use atlas_session::{Action, Direction};
use egui::{Pos2, Rect, Vec2};

/// The zoom buttons' column at the map's top right: its size, which the layout keeps free
/// (wide enough for "Einpassen" on one line).
pub const BUTTONS: [f32; 2] = [94.0, 3.0 * 32.0 + 4.0];

/// The map's keys while it has the focus. Returns whether F (fit) was pressed.
pub fn keyboard(
    response: &egui::Response,
    cam: &mut Camera,
    fitted: Camera,
    vp: Viewport,
    actions: &mut Vec<Action>,
) -> bool {
    if !response.has_focus() {
        return false;
    }
    super::a11y::keep_arrows(response);
    use egui::Key;
    let keys = response.ctx.input(|i| {
        [
            (i.key_pressed(Key::ArrowLeft), Some(Direction::Left)),
            (i.key_pressed(Key::ArrowRight), Some(Direction::Right)),
            (i.key_pressed(Key::ArrowUp), Some(Direction::Up)),
            (i.key_pressed(Key::ArrowDown), Some(Direction::Down)),
            (i.key_pressed(Key::Enter), None),
        ]
    });
    for (pressed, dir) in keys {
        if pressed {
            actions.push(match dir {
                Some(d) => Action::MoveCursor(d),
                None => Action::ToggleCursor,
            });
        }
    }
    let (zoom_in, zoom_out, fit) = response.ctx.input(|i| {
        (
            i.key_pressed(Key::Plus) || i.key_pressed(Key::Equals),
            i.key_pressed(Key::Minus),
            i.key_pressed(Key::F),
        )
    });
    if zoom_in || zoom_out {
        let f = if zoom_in { 1.5 } else { 1.0 / 1.5 };
        cam.zoom_at(f, vp.center(), vp, fitted.scale);
    }
    fit
}

/// The +, − and Fit buttons at the map's top right. Returns whether Fit was pressed.
pub fn zoom_buttons(
    ui: &mut egui::Ui,
    rect: Rect,
    cam: &mut Camera,
    fitted: Camera,
    vp: Viewport,
    lang: Lang,
) -> bool {
    let size = Vec2::new(BUTTONS[0] - 10.0, 28.0);
    let x = rect.right() - BUTTONS[0];
    let mut y = rect.top() + 10.0;
    let center = vp.center();
    let mut fit = false;
    for (text, tip, factor) in [
        ("+", T::ZoomIn, Some(1.5)),
        ("−", T::ZoomOut, Some(1.0 / 1.5)),
        (lang.t(T::Fit), T::FitToData, None),
    ] {
        let r = Rect::from_min_size(Pos2::new(x, y), size);
        if ui
            .put(r, egui::Button::new(text))
            .on_hover_text(lang.t(tip))
            .clicked()
        {
            match factor {
                Some(f) => cam.zoom_at(f, center, vp, fitted.scale),
                None => fit = true,
            }
        }
        y += 32.0;
    }
    fit
}

//! Data → *Aggregate to larger units* and Data → *Crosswalk from other districts*: the forms
//! that make a new data set from the loaded one (the work itself is the session's, off the
//! UI thread). Paths are typed or chosen with Browse (a native dialog where there is one);
//! outputs default to files beside the data, named after what they hold.

use atlas_i18n::{Lang, T};
use atlas_session::geographies::{AggregateBy, CrosswalkSource, beside};
use atlas_session::jobs::Job;
use atlas_session::{Action, Session, Window, Workspace};
use std::path::PathBuf;

/// Which path field a Browse dialog fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Parent,
    Names,
    AggregateOut,
    Old,
    CrosswalkFile,
    Append,
    RegridOut,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum ByKind {
    #[default]
    Prefix,
    Field,
    Within,
}

/// The aggregate form.
#[derive(Default)]
pub struct AggregateForm {
    kind: ByKind,
    prefix: usize,
    field: String,
    parent: String,
    /// Where the units' names come from: a file, or `field:NAME` (empty: their keys).
    names: String,
    out: String,
}

impl AggregateForm {
    /// Opens the form on a key prefix of `n` (the grid check found the table nests so).
    pub fn preset_prefix(&mut self, n: usize) {
        self.kind = ByKind::Prefix;
        self.prefix = n;
    }
}

/// The crosswalk form.
#[derive(Default)]
pub struct CrosswalkForm {
    from_file: bool,
    old: String,
    file: String,
    append: String,
    out: String,
    /// The data the defaults were made for, and the defaults: a field still holding its
    /// default follows newly opened data; one the user edited stays.
    defaults_for: Option<u64>,
    default_old: String,
    default_out: String,
}

impl CrosswalkForm {
    /// The output beside the table, named after the boundaries it is regridded onto; the old
    /// boundaries: the last other boundary file opened (the grid the table came from).
    fn follow_data(&mut self, ws: &Workspace, session: &Session, table: &std::path::Path) {
        if self.defaults_for == Some(ws.data_id) {
            return;
        }
        self.defaults_for = Some(ws.data_id);
        let current = &ws.dataset.paths.boundaries;
        let stem = atlas_data::load::error::file_name(current);
        let stem = stem.split('.').next().unwrap_or("districts").to_owned();
        let out = beside(table, &format!("on_{stem}"), "csv")
            .display()
            .to_string();
        let old = session
            .recent()
            .iter()
            .map(|p| &p.boundaries)
            .find(|b| *b != current)
            .map(|b| b.display().to_string())
            .unwrap_or_default();
        if self.out.is_empty() || self.out == self.default_out {
            self.out = out.clone();
        }
        if self.old.is_empty() || self.old == self.default_old {
            self.old = old.clone();
        }
        (self.default_out, self.default_old) = (out, old);
    }
}

/// Both forms and the dialog one of them has open.
#[derive(Default)]
pub struct GeoForms {
    pub aggregate: AggregateForm,
    crosswalk: CrosswalkForm,
    browse: Option<(Field, Job<Option<PathBuf>>)>,
}

fn path_row(ui: &mut egui::Ui, label: &str, text: &mut String, lang: Lang) -> bool {
    let mut browse = false;
    ui.horizontal(|ui| {
        ui.label(label);
        let r = ui.add(egui::TextEdit::singleline(text).desired_width(340.0));
        super::a11y::name(&r, label);
        browse = ui.button(lang.t(T::Browse)).clicked();
    });
    browse
}

/// The form's button, off while the form is incomplete or a data set is being made (with a
/// spinner then); whether it was clicked.
fn run_button(ui: &mut egui::Ui, label: &str, ready: bool, making: bool) -> bool {
    ui.horizontal(|ui| {
        let clicked = ui
            .add_enabled(ready && !making, egui::Button::new(label))
            .clicked();
        if making {
            ui.spinner();
        }
        clicked
    })
    .inner
}

impl GeoForms {
    /// Takes the path a finished Browse dialog chose.
    fn poll_browse(&mut self) {
        let Some((field, job)) = &self.browse else {
            return;
        };
        let Some(r) = job.poll() else { return };
        let field = *field;
        self.browse = None;
        let Ok(Some(p)) = r else { return };
        let p = p.display().to_string();
        match field {
            Field::Parent => self.aggregate.parent = p,
            Field::Names => self.aggregate.names = p,
            Field::AggregateOut => self.aggregate.out = p,
            Field::Old => self.crosswalk.old = p,
            Field::CrosswalkFile => self.crosswalk.file = p,
            Field::Append => self.crosswalk.append = p,
            Field::RegridOut => self.crosswalk.out = p,
        }
    }

    fn browse(&mut self, ctx: &egui::Context, field: Field, save: bool) {
        if self.browse.is_some() {
            return;
        }
        let c = ctx.clone();
        let job = Job::spawn(
            move |_| {
                let d = rfd::FileDialog::new();
                if save { d.save_file() } else { d.pick_file() }
            },
            move || c.request_repaint(),
        );
        self.browse = Some((field, job));
    }

    /// The open windows among Aggregate and Crosswalk.
    pub fn show(
        &mut self,
        ctx: &egui::Context,
        ws: &Workspace,
        session: &Session,
        actions: &mut Vec<Action>,
    ) {
        self.poll_browse();
        for w in [Window::Aggregate, Window::Crosswalk] {
            let was = session.windows.contains(&w);
            if !was {
                continue;
            }
            let mut open = true;
            let lang = session.view.lang;
            let title = match w {
                Window::Aggregate => lang.t(T::AggregateMenu),
                _ => lang.t(T::CrosswalkMenu),
            };
            egui::Window::new(title.trim_end_matches('…'))
                .constrain_to(super::layout::below_menu(ctx))
                .open(&mut open)
                .default_width(560.0)
                .show(ctx, |ui| match w {
                    Window::Aggregate => self.aggregate_ui(ui, ws, session, actions),
                    _ => self.crosswalk_ui(ui, ws, session, actions),
                });
            if !open {
                actions.push(Action::ShowWindow(w, false));
            }
        }
    }

    fn aggregate_ui(
        &mut self,
        ui: &mut egui::Ui,
        ws: &Workspace,
        session: &Session,
        actions: &mut Vec<Action>,
    ) {
        let lang = session.view.lang;
        let f = &mut self.aggregate;
        if f.prefix == 0 {
            f.prefix = 2;
        }
        if f.out.is_empty() {
            f.out = beside(&ws.dataset.paths.boundaries, "aggregated", "geojson")
                .display()
                .to_string();
        }
        ui.label(egui::RichText::new(lang.t(T::AggregateHelp)).small());
        ui.radio_value(&mut f.kind, ByKind::Prefix, lang.t(T::ByPrefix));
        if f.kind == ByKind::Prefix {
            ui.horizontal(|ui| {
                ui.add_space(24.0);
                let r = ui.add(egui::DragValue::new(&mut f.prefix).range(1..=20));
                super::a11y::name(&r, lang.t(T::ByPrefix));
                let example = ws
                    .dataset
                    .table()
                    .and_then(|t| t.keys.first())
                    .map(|k| format!("{k} » {}", k.chars().take(f.prefix).collect::<String>()))
                    .unwrap_or_default();
                ui.label(example);
            });
        }
        ui.radio_value(&mut f.kind, ByKind::Field, lang.t(T::ByField));
        if f.kind == ByKind::Field {
            let mut fields = ws.dataset.districts.property_names.clone();
            if let Some(t) = ws.dataset.table() {
                fields.extend(t.attributes.iter().map(|a| a.name.clone()));
            }
            ui.horizontal(|ui| {
                ui.add_space(24.0);
                egui::ComboBox::from_id_salt("aggregate_field")
                    .selected_text(f.field.clone())
                    .show_ui(ui, |ui| {
                        for name in fields {
                            ui.selectable_value(&mut f.field, name.clone(), name);
                        }
                    });
            });
        }
        ui.radio_value(&mut f.kind, ByKind::Within, lang.t(T::ByWithin));
        let mut browse = None;
        if f.kind == ByKind::Within && path_row(ui, lang.t(T::ParentFile), &mut f.parent, lang) {
            browse = Some((Field::Parent, false));
        }
        // Units are named by their keys ("01" … "12") unless a names source is given.
        if path_row(ui, lang.t(T::UnitNames), &mut f.names, lang) {
            browse = Some((Field::Names, false));
        }
        ui.label(egui::RichText::new(lang.t(T::UnitNamesHelp)).small().weak());
        ui.separator();
        if path_row(ui, lang.t(T::OutputBoundaries), &mut f.out, lang) {
            browse = Some((Field::AggregateOut, true));
        }
        let out = PathBuf::from(f.out.trim());
        ui.label(
            egui::RichText::new(lang.f(
                T::TableBeside,
                &[&beside(&out, "table", "csv").display().to_string()],
            ))
            .small()
            .weak(),
        );
        let by = match f.kind {
            ByKind::Prefix => Some(AggregateBy::Prefix(f.prefix)),
            ByKind::Field => (!f.field.is_empty()).then(|| AggregateBy::Field(f.field.clone())),
            ByKind::Within => (!f.parent.trim().is_empty())
                .then(|| AggregateBy::Within(PathBuf::from(f.parent.trim()))),
        };
        let names = (!f.names.trim().is_empty())
            .then(|| atlas_session::geographies::NamesSource::parse(f.names.trim()).ok())
            .flatten();
        let ready = by.is_some() && !f.out.trim().is_empty();
        if run_button(ui, lang.t(T::AggregateRun), ready, session.making())
            && let Some(by) = by
        {
            actions.push(Action::Aggregate(by, names, out));
            actions.push(Action::ShowWindow(Window::Aggregate, false));
        }
        if let Some((field, save)) = browse {
            self.browse(ui.ctx(), field, save);
        }
    }

    fn crosswalk_ui(
        &mut self,
        ui: &mut egui::Ui,
        ws: &Workspace,
        session: &Session,
        actions: &mut Vec<Action>,
    ) {
        let lang = session.view.lang;
        let f = &mut self.crosswalk;
        let Some(table) = ws.dataset.paths.table.clone() else {
            ui.label(lang.t(T::NoTable));
            return;
        };
        f.follow_data(ws, session, &table);
        ui.label(egui::RichText::new(lang.t(T::CrosswalkHelp)).small());
        let mut browse = None;
        ui.radio_value(&mut f.from_file, false, lang.t(T::CrosswalkByArea));
        if !f.from_file && path_row(ui, lang.t(T::OldBoundaries), &mut f.old, lang) {
            browse = Some((Field::Old, false));
        }
        ui.radio_value(&mut f.from_file, true, lang.t(T::CrosswalkFromFile));
        if f.from_file && path_row(ui, lang.t(T::CrosswalkFile), &mut f.file, lang) {
            browse = Some((Field::CrosswalkFile, false));
        }
        ui.separator();
        if path_row(ui, lang.t(T::AppendTable), &mut f.append, lang) {
            browse = Some((Field::Append, false));
        }
        if path_row(ui, lang.t(T::OutputTable), &mut f.out, lang) {
            browse = Some((Field::RegridOut, true));
        }
        let source = if f.from_file {
            (!f.file.trim().is_empty()).then(|| CrosswalkSource::File(PathBuf::from(f.file.trim())))
        } else {
            (!f.old.trim().is_empty()).then(|| CrosswalkSource::Area(PathBuf::from(f.old.trim())))
        };
        let ready = source.is_some() && !f.out.trim().is_empty();
        if run_button(ui, lang.t(T::RegridRun), ready, session.making())
            && let Some(source) = source
        {
            actions.push(Action::Regrid {
                source,
                append: (!f.append.trim().is_empty()).then(|| PathBuf::from(f.append.trim())),
                out: PathBuf::from(f.out.trim()),
            });
            actions.push(Action::ShowWindow(Window::Crosswalk, false));
        }
        if let Some((field, save)) = browse {
            self.browse(ui.ctx(), field, save);
        }
    }
}

//! Why a map cannot be drawn (nothing loaded or classified yet, a scheme or ramp that cannot
//! be used), in English and German.

atlas_i18n::messages! {
    /// Why a choropleth or a map scene cannot be made.
    #[derive(Debug, Clone, PartialEq)]
    pub enum SceneError {
        NoTable => "no indicator table is loaded", "keine Indikatortabelle geladen";
        NoGeometry => "no district geometry", "keine Gebietsgeometrie";
        NothingShown => "nothing is shown yet", "noch wird nichts angezeigt";
        NothingClassified => "nothing is classified yet", "noch ist nichts klassifiziert";
        UnknownIndicator { index: usize } => "indicator {index} does not exist", "Indikator {index} gibt es nicht";
        UnknownRamp { ramp: String } => "unknown colour ramp '{ramp}'", "unbekannter Farbverlauf '{ramp}'";
        Classify { error: atlas_analysis::classify::ClassifyError } => "{error}", "{error}";
        Stopped => "classification stopped unexpectedly", "die Klassifizierung brach unerwartet ab";
    }
}

/// The command line's errors are English text.
impl From<SceneError> for String {
    fn from(e: SceneError) -> String {
        e.to_string()
    }
}

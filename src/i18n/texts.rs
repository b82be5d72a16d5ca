//! The translation table: every string the user sees, in English and German. A variant per
//! text keeps lookups checked by the compiler; `{}` marks a place for an argument
//! ([`super::Lang::f`]).

use super::Lang;

macro_rules! texts {
    ($($id:ident => $en:literal, $de:literal;)*) => {
        /// A user-visible text; `get` gives it in a language.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum T { $($id),* }

        impl T {
            pub const ALL: &'static [T] = &[$(T::$id),*];

            pub fn get(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((T::$id, Lang::En) => $en, (T::$id, Lang::De) => $de,)*
                }
            }
        }
    };
}

texts! {
    // Undo and redo (menu entries name the step)
    Edit => "Edit", "Bearbeiten";
    UndoWhat => "Undo: {}", "Rückgängig: {}";
    UndoDerived => "edit derived indicators", "abgeleitete Indikatoren bearbeiten";
    FewResidents => "few residents (under {})", "wenige Einwohner (unter {})";
    Estimated => "estimated", "geschätzt";
    EstimatedYears => "estimated years", "geschätzte Jahre";
    FewResidentsShort => "few residents: {}", "wenige Einwohner: {}";
    FewResidentsN => "few residents ({}): not classified", "wenige Einwohner ({}): nicht klassifiziert";
    MinDenominator => "Minimum residents for shares", "Mindestzahl Einwohner für Anteile";
    MinDenominatorHelp => "Shares and rates on fewer residents are hatched, counted apart in the legend and left out of the class breaks (0: off).", "Anteile und Raten auf weniger Einwohnern werden schraffiert, in der Legende gesondert gezählt und bei den Klassengrenzen nicht berücksichtigt (0: aus).";
    RedoWhat => "Redo: {}", "Wiederholen: {}";
    NothingToUndo => "Nothing to undo", "Nichts rückgängig zu machen";
    NothingToRedo => "Nothing to redo", "Nichts zu wiederholen";
    UndoIndicator => "change indicator", "Indikator wechseln";
    UndoYear => "change year", "Jahr wechseln";
    UndoPlay => "play through the years", "Jahre abspielen";
    UndoStyling => "change classification or colours", "Klassifikation oder Farben ändern";
    UndoAddRule => "add rule", "Regel hinzufügen";
    UndoDeleteRule => "delete rule {}", "Regel {} löschen";
    UndoRenameRule => "rename rule {}", "Regel {} umbenennen";
    UndoAddCondition => "add condition to {}", "Bedingung zu {} hinzufügen";
    UndoDeleteCondition => "delete condition of {}", "Bedingung von {} löschen";
    UndoThreshold => "change threshold of {}", "Schwellenwert von {} ändern";
    UndoEditRule => "edit rule {}", "Regel {} bearbeiten";
    UndoEditRules => "edit rules", "Regeln bearbeiten";
    UndoOverlay => "change overlay rule", "Überlagerungsregel wechseln";
    UndoMapMode => "change map mode", "Kartenart wechseln";
    UndoCompareYears => "change compared years", "Vergleichsjahre ändern";
    UndoScatter => "change scatter plot", "Streudiagramm ändern";
    UndoLabels => "show or hide labels", "Beschriftung ein- oder ausblenden";
    UndoSpeed => "change play speed", "Abspielgeschwindigkeit ändern";
    UndoSaveScene => "save scene {}", "Szene {} speichern";
    UndoShowScene => "show scene {}", "Szene {} zeigen";
    UndoRenameScene => "rename scene {}", "Szene {} umbenennen";
    UndoMoveScene => "move scene {}", "Szene {} verschieben";
    UndoUpdateScene => "update scene {}", "Szene {} aktualisieren";
    UndoDeleteScene => "delete scene {}", "Szene {} löschen";
    UndoFields => "change key or name field", "Schlüssel- oder Namensfeld ändern";
    UndoAliases => "accept key matches", "Schlüsselzuordnungen übernehmen";
    // Keyboard, screen readers, clipboard
    Help => "Help", "Hilfe";
    KeyboardShortcuts => "Keyboard shortcuts", "Tastenkürzel";
    DataTableView => "Data table", "Datentabelle";
    CopySelection => "Copy selected districts", "Ausgewählte Gebiete kopieren";
    CopyAll => "Copy all districts", "Alle Gebiete kopieren";
    CopyMapImage => "Copy map as image", "Karte als Bild kopieren";
    CopiedRows => "Copied {} districts to the clipboard", "{} Gebiete in die Zwischenablage kopiert";
    CopiedMap => "Copied the map ({} × {} px) to the clipboard", "Karte ({} × {} px) in die Zwischenablage kopiert";
    MapA11yName => "Map: {}", "Karte: {}";
    MapA11yHint => "Arrow keys move between districts, Enter selects, + and − zoom, F fits", "Pfeiltasten wechseln das Gebiet, Eingabe wählt aus, + und − zoomen, F zeigt alles";
    MapA11yNone => "no district under the keyboard cursor; {} selected", "kein Gebiet unter dem Tastaturcursor; {} ausgewählt";
    DistrictA11y => "{}: {}, rank {} of {}, {}", "{}: {}, Rang {} von {}, {}";
    DistrictA11yNoData => "{}: no data", "{}: keine Daten";
    SelectedSuffix => "selected", "ausgewählt";
    TimelineA11y => "Timeline of {}: districts by year", "Zeitleiste von {}: Gebiete nach Jahr";
    RankingA11y => "Ranking of {} in {}", "Rangfolge von {} in {}";
    TimeSeriesA11y => "Time series of {}", "Zeitreihe von {}";
    ScatterA11y => "Scatter plot: {} against {}", "Streudiagramm: {} gegen {}";
    ColRank => "Rank", "Rang";
    ColClass => "Class", "Klasse";
    ColDistrict => "District", "Gebiet";
    ColKey => "Key", "Schlüssel";
    FocusedDistrict => "Keyboard cursor: {}", "Tastaturcursor: {}";
    ShortcutsIntro => "Every action can be done from the keyboard. Tab moves between controls; the focused control has a blue ring.", "Alles geht auch mit der Tastatur. Tab wechselt zwischen den Bedienelementen; das aktive Element hat einen blauen Rahmen.";
    KeyYears => "Previous / next year (when no text field, map, ranking or timeline has the focus)", "Vorheriges / nächstes Jahr (wenn kein Textfeld, keine Karte, Rangfolge oder Zeitleiste aktiv ist)";
    KeyFirstLast => "First / last year", "Erstes / letztes Jahr";
    KeyPlay => "Play or pause the years (on a focused button, Space presses the button)", "Jahre abspielen oder anhalten (auf einer aktiven Schaltfläche drückt die Leertaste diese)";
    KeyMapMove => "Map: move to the neighbouring district in that direction", "Karte: zum benachbarten Gebiet in dieser Richtung";
    KeyMapToggle => "Map, ranking, timeline: select the district or take it out of the selection", "Karte, Rangfolge, Zeitleiste: Gebiet auswählen oder abwählen";
    KeyMapZoom => "Map: zoom in / out", "Karte: vergrößern / verkleinern";
    KeyMapFit => "Map: show all districts", "Karte: alle Gebiete zeigen";
    KeyLists => "Ranking and timeline: previous / next district (in the timeline, Left and Right step the years)", "Rangfolge und Zeitleiste: vorheriges / nächstes Gebiet (in der Zeitleiste wechseln Links und Rechts das Jahr)";
    KeyEsc => "Close the open menu, else leave the focused map or list, else leave presentation, else clear the selection", "Offenes Menü schließen, sonst Karte oder Liste verlassen, sonst Präsentation beenden, sonst Auswahl aufheben";
    KeyUndo => "Undo", "Rückgängig";
    KeyRedo => "Redo", "Wiederholen";
    KeyCopy => "Copy the selected districts (or all) as a table", "Ausgewählte (oder alle) Gebiete als Tabelle kopieren";
    KeyScenes => "Previous / next scene", "Vorherige / nächste Szene";
    KeyPresent => "Presentation mode on / off", "Präsentationsmodus ein / aus";
    KeyTab => "Next / previous control", "Nächstes / vorheriges Bedienelement";
    // Menus
    File => "File", "Datei";
    OpenBoundaries => "Open boundaries…", "Grenzen öffnen…";
    OpenTable => "Open indicator table…", "Indikatortabelle öffnen…";
    OpenMeta => "Open metadata…", "Metadaten öffnen…";
    RecentFiles => "Recent data sets", "Zuletzt geöffnet";
    NoRecentFiles => "(none yet)", "(noch keine)";
    OpenDemo => "Open demo city", "Demo-Stadt öffnen";
    Quit => "Quit", "Beenden";
    View => "View", "Ansicht";
    Language => "Language", "Sprache";
    ShowLabels => "District labels", "Gebietsnamen";
    JoinReport => "Join report", "Verknüpfungsbericht";
    FitToData => "Fit to data", "Auf Daten zoomen";
    Fit => "Fit", "Einpassen";
    ClassificationNotUsed => "This map shows rules, not the indicator's classes: the classification applies to the indicator and change maps.", "Diese Karte zeigt Regeln, nicht die Klassen des Indikators: die Klassifizierung gilt für die Indikator- und die Veränderungskarte.";
    NotInChangeMode => "A change map is classified for its two years; pooled or per-year breaks do not apply.", "Eine Veränderungskarte wird für ihre zwei Jahre klassifiziert; feste oder jährliche Klassengrenzen gelten hier nicht.";
    Continued => "continued", "Fortsetzung";
    SharedKey => "This key belongs to {} features of the boundary file; all of them are shown on the map.", "Dieser Schlüssel gehört zu {} Flächen der Grenzdatei; alle sind auf der Karte markiert.";
    ColourVision => "Colour vision", "Farbsehen";
    VisionNormal => "normal", "normal";
    VisionDeuteranopia => "deuteranopia (green-blind)", "Deuteranopie (Grünblindheit)";
    VisionProtanopia => "protanopia (red-blind)", "Protanopie (Rotblindheit)";
    VisionTritanopia => "tritanopia (blue-blind)", "Tritanopie (Blaublindheit)";
    VisionAchromatopsia => "achromatopsia (no colour)", "Achromatopsie (keine Farben)";
    SimulatedVision => "simulated colour vision: {}", "simuliertes Farbsehen: {}";
    HardToTell => "Classes {} and {} are hard to tell apart with {}", "Klassen {} und {} sind bei {} schwer zu unterscheiden";
    MapTexts => "Map title, subtitle and source", "Titel, Untertitel und Quelle der Karte";
    MapTitle => "Title (instead of the indicator's name)", "Titel (statt des Indikatornamens)";
    MapSubtitle => "Subtitle", "Untertitel";
    MapSource => "Source", "Quelle";
    Automatic => "automatic", "automatisch";
    UndoMapText => "change map title or source", "Kartentitel oder Quelle ändern";
    ShowControls => "Show the controls (also View → Controls)", "Bedienfeld zeigen (auch Ansicht → Bedienfeld)";
    HideControls => "Hide the controls: more room for the map (View → Controls brings them back)", "Bedienfeld ausblenden: mehr Platz für die Karte (Ansicht → Bedienfeld holt es zurück)";
    ShowPlots => "Show the plots (also View → Plots)", "Diagramme zeigen (auch Ansicht → Diagramme)";
    HidePlots => "Hide the plots: more room for the map (View → Plots brings them back)", "Diagramme ausblenden: mehr Platz für die Karte (Ansicht → Diagramme holt sie zurück)";
    ControlsPanel => "Controls", "Bedienfeld";
    PlotsPanel => "Plots", "Diagramme";
    AroundZero => "around 0", "um 0";
    SyntheticWords => "synthetic data", "synthetische Daten";
    DefaultArrivalRule => "Arrival district", "Ankunftsgebiet";
    DefaultSettledRule => "Settled district", "Etabliertes Gebiet";
    Present => "Present (F11)", "Präsentieren (F11)";
    LeavePresentation => "Leave presentation (Esc)", "Präsentation beenden (Esc)";
    PresentationScale => "Type size when presenting", "Schriftgröße beim Präsentieren";
    PreviousYear => "Previous year (left arrow key)", "Vorheriges Jahr (Pfeiltaste links)";
    NextYear => "Next year (right arrow key)", "Nächstes Jahr (Pfeiltaste rechts)";
    ZoomIn => "Zoom in", "Vergrößern";
    ZoomOut => "Zoom out", "Verkleinern";
    // Loading
    Loading => "Loading {}…", "Lade {}…";
    StageBoundaries => "reading boundaries", "lese Grenzen";
    StageTable => "reading the indicator table", "lese Indikatortabelle";
    StageJoin => "joining", "verknüpfe";
    StageGeometry => "triangulating", "trianguliere";
    LoadFailed => "Could not load: {}", "Laden fehlgeschlagen: {}";
    KeptPrevious => "The data loaded before is unchanged.", "Die zuvor geladenen Daten bleiben unverändert.";
    Dismiss => "Dismiss", "Schließen";
    DropHint => "Drop GeoJSON, CSV or metadata files here", "GeoJSON-, CSV- oder Metadaten-Dateien hier ablegen";
    MissingFile => "The last data set is gone ({}); the demo city is shown.", "Der zuletzt geöffnete Datensatz fehlt ({}); die Demo-Stadt wird gezeigt.";
    NoTable => "No indicator table is loaded: open one to colour the map.", "Keine Indikatortabelle geladen: zum Einfärben eine öffnen.";
    UnknownDrop => "Not a boundary, table or metadata file: {}", "Keine Grenz-, Tabellen- oder Metadaten-Datei: {}";
    // Controls
    Indicator => "Indicator", "Indikator";
    Classification => "Classification", "Klassifizierung";
    Classes => "Classes", "Klassen";
    NClasses => "{} classes", "{} Klassen";
    Ramp => "Colour ramp", "Farbverlauf";
    Reverse => "Reverse", "Umkehren";
    BreaksPooled => "Breaks fixed over all years", "Klassengrenzen über alle Jahre fest";
    BreaksPerYear => "Breaks per year", "Klassengrenzen je Jahr";
    ManualBreaks => "Manual breaks", "Manuelle Klassengrenzen";
    ManualBreaksHint => "Upper bounds, ascending, separated by spaces or semicolons", "Obergrenzen, aufsteigend, durch Leerzeichen oder Semikolon getrennt";
    Apply => "Apply", "Übernehmen";
    FromCurrent => "Start from current breaks", "Aktuelle Grenzen übernehmen";
    Histogram => "Values of all districts and years", "Werte aller Gebiete und Jahre";
    BadBreaks => "Not a number: {}", "Keine Zahl: {}";
    Year => "Year", "Jahr";
    Play => "Play", "Abspielen";
    Pause => "Pause", "Anhalten";
    Speed => "Speed", "Tempo";
    YearsPerSecond => "years/s", "Jahre/s";
    // Schemes
    SchemeEqual => "Equal interval", "Gleiche Intervalle";
    SchemeQuantiles => "Quantiles", "Quantile";
    SchemeJenks => "Natural breaks (Jenks)", "Natürliche Brüche (Jenks)";
    SchemeStdMean => "Standard deviation", "Standardabweichung";
    SchemeBoxMap => "Box map", "Box-Map";
    SchemePercentiles => "Percentiles", "Perzentile";
    SchemeHeadTail => "Head/tail breaks", "Head/Tail-Brüche";
    SchemeManual => "Manual", "Manuell";
    // Legend and map
    NoData => "no data", "keine Daten";
    BreaksFixedOver => "breaks fixed over {}–{}", "Klassengrenzen fest über {}–{}";
    BreaksFor => "breaks for {}", "Klassengrenzen für {}";
    Source => "Source: {}", "Quelle: {}";
    SyntheticData => "SYNTHETIC DATA", "SYNTHETISCHE DATEN";
    Rank => "rank {} of {}", "Rang {} von {}";
    ClassN => "class {} of {}", "Klasse {} von {}";
    CityReference => "City", "Stadt";
    CityReferenceLong => "City reference", "Stadtwert";
    OfDenominator => "of {} {}", "von {} {}";
    Districts => "districts", "Gebiete";
    Selected => "{} selected", "{} ausgewählt";
    ClearSelection => "Clear selection (Esc)", "Auswahl aufheben (Esc)";
    // Rules and arrival views
    Rules => "Arrival-district rules", "Regeln für Ankunftsgebiete";
    MapMode => "Map shows", "Karte zeigt";
    ModeChoropleth => "Indicator", "Indikator";
    ModeTypology => "Typology (rules met)", "Typologie (erfüllte Regeln)";
    ModePersistence => "Persistence of the rule", "Dauer der Regel";
    ModeChange => "Change since a year", "Veränderung seit einem Jahr";
    ChangeFrom => "Change from", "Veränderung ab";
    YearsFromTo => "Years", "Jahre";
    ChangeCoverage => "Districts with data only in the later year: {}; only in the earlier year: {}. They are shown as no data.", "Gebiete mit Daten nur im späteren Jahr: {}; nur im früheren Jahr: {}. Sie erscheinen als ohne Daten.";
    PercentagePoints => "percentage points", "Prozentpunkte";
    NoRuleMet => "no rule met", "keine Regel erfüllt";
    Unknown => "unknown (data missing)", "unbekannt (Daten fehlen)";
    YearsN => "{} years", "{} Jahre";
    OneYear => "1 year", "1 Jahr";
    ActiveRule => "Overlay", "Überlagerung";
    AddRule => "Add rule", "Regel hinzufügen";
    DeleteRule => "Delete rule", "Regel löschen";
    AddCondition => "Add condition", "Bedingung hinzufügen";
    AddGroup => "Add group", "Gruppe hinzufügen";
    AllOf => "all of (AND)", "alle (UND)";
    AnyOf => "any of (OR)", "eine (ODER)";
    Group => "group", "Gruppe";
    Combine => "Combine conditions", "Bedingungen verknüpfen";
    Comparison => "Comparison", "Vergleich";
    ThresholdKind => "Threshold", "Schwelle";
    Factor => "Factor of the city reference", "Faktor des Stadtwerts";
    Offset => "Offset from the city reference", "Abstand zum Stadtwert";
    RuleName => "Rule name", "Name der Regel";
    ThresholdCity => "× city +", "× Stadt +";
    ThresholdPercentile => "percentile", "Perzentil";
    ThresholdAbsolute => "value", "Wert";
    DefaultRules => "Reset to default rules", "Standardregeln wiederherstellen";
    NotInTable => "'{}' is not in the table: unknown", "'{}' fehlt in der Tabelle: unbekannt";
    MeetsRule => "{}: meets the rule ({})", "{}: Regel erfüllt ({})";
    RuleUnknown => "rule unknown, data missing ({})", "Regel unbekannt, Daten fehlen ({})";
    ArrivalTab => "Arrival districts", "Ankunftsgebiete";
    DrillDownTab => "Drill-down", "Detail";
    Scatter => "Scatter", "Streudiagramm";
    Trails => "Trails of selected districts", "Verlauf ausgewählter Gebiete";
    Timeline => "Timeline", "Zeitleiste";
    Transitions => "Transitions", "Übergänge";
    Balance => "Arrivals, departures and balance", "Zuzüge, Fortzüge und Saldo";
    Net => "Net balance", "Saldo";
    NoBalance => "The table has no arrivals and departures.", "Die Tabelle hat keine Zu- und Fortzüge.";
    NoActiveRule => "Choose a rule for the overlay.", "Eine Regel für die Überlagerung wählen.";
    ExportMap => "Export map…", "Karte exportieren…";
    SaveAs => "Save as…", "Speichern unter…";
    Width => "Width", "Breite";
    Height => "Height", "Höhe";
    ExportTableNeutral => "Export joined table (CSV, decimal point)…", "Verknüpfte Tabelle exportieren (CSV, Dezimalpunkt)…";
    ExportTableGerman => "Export joined table (CSV, German format)…", "Verknüpfte Tabelle exportieren (CSV, deutsches Format)…";
    ExportGeoJson => "Export boundaries with data (GeoJSON)…", "Grenzen mit Daten exportieren (GeoJSON)…";
    ExportFlags => "Export flagged districts (CSV)…", "Markierte Gebiete exportieren (CSV)…";
    Exported => "Wrote {}", "{} geschrieben";
    ResultTrue => "meets", "erfüllt";
    ResultFalse => "does not meet", "nicht erfüllt";
    ResultUnknown => "unknown", "unbekannt";
    // Plots
    TimeSeries => "Time series", "Zeitreihe";
    Ranking => "Ranking", "Rangfolge";
    RankShort => "Rank", "Rang";
    Profile => "District profile", "Gebietsprofil";
    SelectHint => "Click a district on the map or a bar in the ranking.", "Ein Gebiet auf der Karte oder einen Balken in der Rangfolge anklicken.";
    Value => "Value", "Wert";
    ChangeSince => "Change since {}", "Änderung seit {}";
    Unit => "Unit", "Einheit";
    // Join report
    Matched => "{} of {} districts matched", "{} von {} Gebieten verknüpft";
    WithoutRows => "Districts without a table row", "Gebiete ohne Tabellenzeile";
    UnmatchedKeys => "Table keys without a district", "Tabellenschlüssel ohne Gebiet";
    DuplicateDistrictKeys => "Duplicate district keys", "Doppelte Gebietsschlüssel";
    DuplicateRows => "Duplicate table rows", "Doppelte Tabellenzeilen";
    ZeroPadded => "{} keys matched ignoring leading zeros", "{} Schlüssel ohne führende Nullen verknüpft";
    KeyField => "Key field", "Schlüsselfeld";
    TableKeyColumn => "Table key column", "Schlüsselspalte der Tabelle";
    NameField => "Name field", "Namensfeld";
    LineN => "line {}", "Zeile {}";
    Problems => "Problems in the boundary file", "Probleme in der Grenzdatei";
    Warnings => "Warnings", "Warnungen";
    Encoding => "Read as {}, delimiter {}, {}", "Gelesen als {}, Trennzeichen {}, {}";
    DecimalPoint => "decimal point", "Dezimalpunkt";
    DecimalComma => "decimal comma", "Dezimalkomma";
    DecimalByConvention => "{} (no number in the file shows it; the delimiter's convention)", "{} (keine Zahl der Datei zeigt es; Konvention des Trennzeichens)";
    JoinMismatch => "Only {} of {} districts matched the table: key field '{}' (e.g. {}), table key column '{}' (e.g. {}). Choose the keys in the join report.", "Nur {} von {} Gebieten passen zur Tabelle: Schlüsselfeld '{}' (z. B. {}), Schlüsselspalte der Tabelle '{}' (z. B. {}). Schlüssel im Verknüpfungsbericht wählen.";
    AndMore => "… and {} more", "… und {} weitere";
    Features => "{} districts", "{} Gebiete";
    // Coordinate systems
    CrsDeclared => "{}, declared in the file", "{}, in der Datei angegeben";
    CrsRecognised => "{}, recognised from the coordinates", "{}, aus den Koordinaten erkannt";
    CrsChosen => "{}, chosen by you", "{}, von Ihnen gewählt";
    Sheet => "Sheet", "Tabellenblatt";
    Layer => "Layer", "Ebene";
    Suggestions => "Suggested districts for these keys", "Vorgeschlagene Gebiete für diese Schlüssel";
    Accept => "Accept", "Übernehmen";
    AcceptAll => "Accept all suggestions", "Alle Vorschläge übernehmen";
    JoinByName => "Join by name ({} rows)", "Über den Namen verknüpfen ({} Zeilen)";
    ChooseCrsTitle => "Which coordinate system?", "Welches Koordinatensystem?";
    OtherEpsg => "Other EPSG code", "Anderer EPSG-Code";
    UseCrs => "Use", "Verwenden";
    ChooseCrsText => "Choose the system the boundary file is in; it is then reprojected to WGS84:", "Das Koordinatensystem der Grenzdatei wählen; sie wird dann nach WGS84 umprojiziert:";
    CrsReprojected => "shown reprojected to WGS84", "für die Anzeige nach WGS84 umprojiziert";
    // District report
    DistrictReport => "District report", "Gebietsbericht";
    PositionInCity => "Position in the city", "Lage in der Stadt";
    KeyShort => "Key", "Schlüssel";
    RuleResultsYear => "Rules this year", "Regeln in diesem Jahr";
    NoRules => "No rules defined", "Keine Regeln festgelegt";
    IndicatorsIn => "Indicators", "Indikatoren";
    ChangeSinceFirst => "Change (since)", "Änderung (seit)";
    ThisDistrict => "District", "Gebiet";
    RuleResultsPerYear => "Rule results per year", "Regelergebnisse je Jahr";
    PageOf => "page {} of {}", "Seite {} von {}";
    // Scenes and projects
    Scene => "Scene", "Szene";
    ScenesN => "Scenes ({})", "Szenen ({})";
    NoScenes => "No scenes yet: save the current view as one.", "Noch keine Szenen: die aktuelle Ansicht als Szene speichern.";
    SceneName => "Scene name", "Name der Szene";
    NewSceneName => "Name of the new scene", "Name der neuen Szene";
    SaveScene => "Save view as scene", "Ansicht als Szene speichern";
    MoveUp => "Up", "Hoch";
    MoveDown => "Down", "Runter";
    UpdateScene => "Update", "Aktualisieren";
    UpdateSceneHint => "Replace this scene with the current view", "Diese Szene durch die aktuelle Ansicht ersetzen";
    DeleteScene => "Delete", "Löschen";
    SceneOf => "Scene {} of {}: {}", "Szene {} von {}: {}";
    OpenProject => "Open project…", "Projekt öffnen…";
    SaveProject => "Save project", "Projekt speichern";
    SaveProjectAs => "Save project as…", "Projekt speichern unter…";
    ProjectSaved => "Project saved: {}", "Projekt gespeichert: {}";
    NothingToSave => "Nothing to save: no data is loaded", "Nichts zu speichern: keine Daten geladen";
    MissingDataTitle => "Data files not found", "Datendateien nicht gefunden";
    MissingDataText => "The project {} lists data files that are not where it says. Point at their new location:", "Das Projekt {} nennt Datendateien, die nicht am angegebenen Ort liegen. Bitte den neuen Ort wählen:";
    Locate => "Locate…", "Suchen…";
    Cancel => "Cancel", "Abbrechen";
    ReportSelected => "District report of {} selected (PDF)…", "Gebietsbericht für {} ausgewählte (PDF)…";
    ReportAll => "District report of all districts (PDF)…", "Gebietsbericht für alle Gebiete (PDF)…";
}

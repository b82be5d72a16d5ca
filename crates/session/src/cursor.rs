//! The keyboard cursor: the district a keyboard user is on (map, ranking, timeline). Arrow
//! keys on the map move it to the neighbouring district in that direction, Enter adds it to
//! the selection or takes it out; screen readers hear the district it is on.

use super::Session;
use super::actions::Direction;
use atlas_scene::nearby;

impl Session {
    pub(crate) fn move_cursor(&mut self, dir: Direction) {
        let Some(ws) = &self.workspace else { return };
        let Some(g) = &ws.geometry else { return };
        let from = self
            .cursor
            .filter(|&d| d < g.label_points().len())
            .or_else(|| self.selection.iter().last());
        let next = match from {
            // Projected y points north: screen up.
            Some(d) => nearby::step(
                g.label_points(),
                d,
                match dir {
                    Direction::Left => [-1.0, 0.0],
                    Direction::Right => [1.0, 0.0],
                    Direction::Up => [0.0, 1.0],
                    Direction::Down => [0.0, -1.0],
                },
            )
            .or(Some(d)),
            // The first step lands on the district in the middle of what the map shows.
            None => {
                let e = self.map.extent.unwrap_or(g.bounds);
                nearby::nearest(g.label_points(), [(e[0] + e[2]) / 2.0, (e[1] + e[3]) / 2.0])
            }
        };
        self.cursor = next;
    }
}

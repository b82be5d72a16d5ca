//! The rules' results over all years, kept up to the view's rules: evaluated at once for a
//! small map and for the first map of a large one, on a worker for a large one's later edits —
//! at 100 000 districts × 20 years ≈ 0.12–0.15 s, which held every frame of a dragged
//! threshold. (The first map's rules on a worker came later, not sooner: beside the
//! classification's worker and the frames drawn meanwhile on software GL.)

use super::{SYNC_CLASSIFY_LIMIT, Workspace};
use crate::jobs::{Job, Stopped};
use atlas_analysis::rules::{RuleResult, RuleSet, evaluate_all, order_by_persistence};
use atlas_data::dataset::Dataset;

/// A rule set's results and, per rule, the districts in timeline order.
pub(super) type Evaluated = (Vec<RuleResult>, Vec<Vec<usize>>);

/// Rules being evaluated on a worker, with the rules they are for.
pub(super) type RulesJob = (RuleSet, Job<Evaluated>);

fn evaluate(ds: &Dataset, rules: &RuleSet) -> Evaluated {
    let results = evaluate_all(ds, &rules.rules);
    let rows = results
        .iter()
        .map(|r| order_by_persistence(&r.per_year))
        .collect();
    (results, rows)
}

impl Workspace {
    /// Takes results that arrived, and starts evaluating the view's rules when neither the
    /// results shown nor those on their way are for them.
    pub(super) fn sync_rules(&mut self, rules: &RuleSet, wake: impl Fn() + Send + 'static) {
        self.poll_rules();
        let current = self.rules == *rules && self.rule_results.len() == rules.rules.len();
        let coming = self.rules_job.as_ref().is_some_and(|(r, _)| r == rules);
        if current || coming {
            return;
        }
        if self.dataset.districts.districts.len() <= SYNC_CLASSIFY_LIMIT || !self.is_coloured() {
            self.rules_job = None;
            let done = evaluate(&self.dataset, rules);
            self.accept_rules(rules.clone(), Ok(done));
        } else {
            let (ds, r) = (self.dataset.clone(), rules.clone());
            let job = Job::spawn(move |_| evaluate(&ds, &r), wake);
            self.rules_job = Some((rules.clone(), job));
        }
    }

    fn poll_rules(&mut self) {
        if let Some((_, job)) = &self.rules_job
            && let Some(r) = job.poll()
            && let Some((rules, _)) = self.rules_job.take()
        {
            self.accept_rules(rules, r);
        }
    }

    /// Blocks until rules on their way are in (tests, and before export).
    pub(super) fn finish_rules(&mut self) {
        if let Some((rules, job)) = self.rules_job.take() {
            let r = job.wait();
            self.accept_rules(rules, r);
        }
    }

    fn accept_rules(&mut self, rules: RuleSet, r: Result<Evaluated, Stopped>) {
        // A worker that died (a bug) leaves every rule without results rather than the old
        // rules' results under the new rules' names.
        let (results, rows) = r.unwrap_or_else(|Stopped| {
            let none = rules
                .rules
                .iter()
                .map(|_| RuleResult {
                    per_year: Vec::new(),
                    thresholds: Vec::new(),
                })
                .collect();
            (none, vec![Vec::new(); rules.rules.len()])
        });
        self.rules = rules;
        self.rule_results = results;
        self.timeline_rows = rows;
        self.rules_version += 1;
    }

    /// Whether the rules of a large map are being evaluated.
    pub fn is_evaluating_rules(&self) -> bool {
        self.rules_job.is_some()
    }
}

//! The random numbers of the permutation tests: PCG (rand_pcg's `Pcg64Mcg`), seeded so that
//! a seed gives the same p-values on every machine and with any number of threads (each
//! district draws from its own stream, derived from the seed and its index).

use rand_core::{Rng as _, SeedableRng};

pub struct Rng(rand_pcg::Pcg64Mcg);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(rand_pcg::Pcg64Mcg::seed_from_u64(seed))
    }

    /// The stream of item `i` under `seed`.
    pub fn for_item(seed: u64, i: usize) -> Rng {
        // SplitMix64's finaliser spreads neighbouring indices over the seed space.
        let mut x = seed ^ (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        Rng::new(x ^ (x >> 31))
    }

    /// A uniform integer in 0..n (Lemire's multiply-shift; the bias is below 2⁻⁴⁰ for the
    /// sizes here).
    pub fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.0.next_u64()) * n as u128) >> 64) as usize
    }

    /// A binomial draw: successes in `n` trials of probability `p` (rand_distr's BTPE).
    pub fn binomial(&mut self, n: u64, p: f64) -> u64 {
        use rand_distr::Distribution;
        match rand_distr::Binomial::new(n, p.clamp(0.0, 1.0)) {
            Ok(b) => b.sample(&mut self.0),
            Err(_) => 0,
        }
    }

    /// Fisher–Yates.
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = self.below(i + 1);
            v.swap(i, j);
        }
    }
}

//! The random numbers synth draws: a small SplitMix64 generator and the
//! laws built on it (uniform, weighted choice, a long tail), with integer
//! and IEEE arithmetic only, so that a seed gives the same numbers on every
//! machine.

/// SplitMix64 (Steele, Lea and Flood 2014): small, fast and good enough for
/// synthetic data; the same seed always gives the same sequence.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in 0..n (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() as u128 * n as u128) >> 64) as usize
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// Uniform in [low, high).
    pub fn between(&mut self, low: f64, high: f64) -> f64 {
        low + (high - low) * self.unit()
    }

    /// An index drawn with the given weights (not all zero).
    pub fn weighted(&mut self, weights: &[f64]) -> usize {
        let total: f64 = weights.iter().sum();
        let mut x = self.unit() * total;
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        weights.iter().rposition(|w| *w > 0.0).unwrap_or(0)
    }

    /// A long-tailed count ≥ 1: a Pareto law of index 1 with scale `scale`
    /// (median about 1 + scale, one in a hundred above 100 × scale), capped.
    pub fn long_tail(&mut self, scale: f64, cap: u32) -> u32 {
        let u = self.unit();
        let x = scale * (1.0 / (1.0 - u) - 1.0);
        (1.0 + x.floor()).min(cap as f64) as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rng_is_splitmix64() {
        // The first outputs for seed 0, as in the reference implementation.
        let mut rng = Rng::new(0);
        assert_eq!(rng.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(rng.next_u64(), 0x6E78_9E6A_A1B9_65F4);
    }

    #[test]
    fn weighted_never_picks_a_zero_weight() {
        let mut rng = Rng::new(5);
        for _ in 0..10_000 {
            assert_ne!(rng.weighted(&[0.0, 1.0, 0.0, 3.0]) % 2, 0);
        }
    }

    #[test]
    fn long_tail_stays_within_one_and_the_cap() {
        let mut rng = Rng::new(9);
        let draws: Vec<u32> = (0..100_000).map(|_| rng.long_tail(1.5, 350)).collect();
        assert!(draws.iter().all(|d| (1..=350).contains(d)));
        let above = draws.iter().filter(|d| **d > 150).count();
        // One in a hundred above 100 × scale, give or take.
        assert!((500..1500).contains(&above), "{above}");
    }
}

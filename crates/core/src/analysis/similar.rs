//! How far apart two names are, for the "did you mean" of unknown
//! directives and unknown variables: one measure, so that a slip counts the
//! same wherever it is made.

/// Names up to this long are compared with rows on the stack; longer ones
/// (no directive or variable nginx knows is) on the heap.
const STACK_LEN: usize = 64;

/// The optimal-string-alignment distance between `a` and `b` (each edit an
/// insertion, deletion, substitution or swap of two neighbours, the slips
/// people make typing a name), when it is at most `most`; `None` beyond.
/// Stops as soon as a whole row exceeds `most`, which turns most
/// candidates away after a few bytes.
pub fn edits_within(a: &[u8], b: &[u8], most: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > most {
        return None;
    }
    let width = b.len() + 1;
    let mut stack = [[0usize; STACK_LEN + 1]; 3];
    let mut heap = Vec::new();
    let [before, previous, current]: [&mut [usize]; 3] = if width <= STACK_LEN + 1 {
        let [x, y, z] = &mut stack;
        [&mut x[..width], &mut y[..width], &mut z[..width]]
    } else {
        heap.resize(3 * width, 0);
        let (x, rest) = heap.split_at_mut(width);
        let (y, z) = rest.split_at_mut(width);
        [x, y, z]
    };
    for (j, cell) in previous.iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        current[0] = i;
        let mut smallest = i;
        for j in 1..width {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (previous[j] + 1)
                .min(current[j - 1] + 1)
                .min(previous[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(before[j - 2] + 1);
            }
            current[j] = d;
            smallest = smallest.min(d);
        }
        if smallest > most {
            return None;
        }
        before.copy_from_slice(previous);
        previous.copy_from_slice(current);
    }
    let d = previous[b.len()];
    (d <= most).then_some(d)
}

#[cfg(test)]
mod tests {
    use super::edits_within;

    #[test]
    fn each_kind_of_slip_is_one_edit() {
        assert_eq!(edits_within(b"proxy_pas", b"proxy_pass", 2), Some(1));
        assert_eq!(edits_within(b"proxy_passs", b"proxy_pass", 2), Some(1));
        assert_eq!(edits_within(b"proxy_psas", b"proxy_pass", 2), Some(1));
        assert_eq!(edits_within(b"proxy_past", b"proxy_pass", 2), Some(1));
        assert_eq!(edits_within(b"hsot", b"host", 1), Some(1));
        assert_eq!(edits_within(b"gzip", b"gzip", 0), Some(0));
    }

    #[test]
    fn slips_add_up_and_stop_at_the_budget() {
        assert_eq!(edits_within(b"prxoy_pas", b"proxy_pass", 2), Some(2));
        assert_eq!(edits_within(b"prxoy_pas", b"proxy_pass", 1), None);
        assert_eq!(edits_within(b"rtmp", b"http", 2), Some(2));
        assert_eq!(edits_within(b"rtmp", b"http", 1), None);
        assert_eq!(edits_within(b"", b"uri", 3), Some(3));
        assert_eq!(edits_within(b"uri", b"", 2), None);
        // A swap is one edit only between neighbours.
        assert_eq!(edits_within(b"ab_c", b"cb_a", 3), Some(2));
    }

    /// Names longer than the stack rows are compared all the same.
    #[test]
    fn long_names_are_compared_too() {
        let a = "x".repeat(100);
        let mut b = a.clone();
        b.replace_range(50..51, "y");
        assert_eq!(edits_within(a.as_bytes(), b.as_bytes(), 2), Some(1));
        assert_eq!(edits_within(a.as_bytes(), &b.as_bytes()[..99], 2), Some(2));
        assert_eq!(edits_within(a.as_bytes(), &b.as_bytes()[..98], 2), None);
    }
}

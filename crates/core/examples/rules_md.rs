//! Prints docs/rules.md (`cargo xtask rules` writes it).

fn main() {
    print!("{}", confine_core::render::rules_md::rules_md());
}

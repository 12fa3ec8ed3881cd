//! Request routing over the whole shared corpus: for every server block of
//! every config, a request per server name and per location path (and a
//! few hostile URIs) is routed without a panic, and every decided route
//! ends in a location of the server it chose.

mod common;

use confine_core::analysis::location::{locations_in, Modifier};
use confine_core::analysis::model::Model;
use confine_core::analysis::route::{route, Request};
use confine_core::input::ConfigSet;

const HOSTILE_URIS: [&str; 6] = ["/", "/%2e%2e/x", "//a//b/../c", "/a%00b", "/..", "*"];

#[test]
fn every_server_of_the_corpus_routes() {
    let Some(files) = common::corpus_files() else {
        return;
    };
    let (mut routes, mut decided, mut stopped) = (0usize, 0usize, 0usize);
    for path in &files {
        let bytes = std::fs::read(path).expect("readable");
        let set = ConfigSet::from_text(&path.to_string_lossy(), &bytes);
        let model = Model::build(&set);
        for &server in model.named("server").iter() {
            let Some(scope) = model.entries[server].opens else {
                continue;
            };
            let names: Vec<String> = model
                .members_named(scope, "server_name")
                .flat_map(|n| model.args(n))
                .map(|a| String::from_utf8_lossy(&a).into_owned())
                .collect();
            let mut uris: Vec<String> = HOSTILE_URIS.iter().map(|u| u.to_string()).collect();
            uris.extend(
                locations_in(&model, scope)
                    .into_iter()
                    .filter(|l| l.modifier != Modifier::Named && !l.is_regex())
                    .map(|l| l.path),
            );
            for name in names.iter().map(String::as_str).chain([""]) {
                for uri in &uris {
                    let request = Request::from_line(uri, Some(name), None);
                    let r = route(&model, &request);
                    routes += 1;
                    if let Some(why) = &r.stopped {
                        if std::env::var_os("CONFINE_SHOW_STOPS").is_some() {
                            eprintln!("stop {uri}: {why}");
                        }
                        stopped += 1;
                        continue;
                    }
                    decided += 1;
                    if let (Some((chosen, _)), Some(first)) = (&r.server, r.locations.first()) {
                        let opened = model.entries[*chosen].opens;
                        let parent = model.entries[first.location.entry].scope;
                        assert_eq!(opened, Some(parent), "{}: {uri} on {name}", path.display());
                    }
                }
            }
        }
    }
    eprintln!("corpus_routes: {routes} routes, {decided} decided, {stopped} stopped");
    assert!(decided > 1000, "{decided} routes decided");
}

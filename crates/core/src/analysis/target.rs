//! Where a `proxy_pass` or `grpc_pass` sends requests: scheme, upstream name
//! or host, port. nginx resolves a name to an `upstream {}` block first and
//! to a host otherwise; the rules need both readings.

/// A parsed pass target. Borrowed from the argument text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PassTarget<'a> {
    /// `http`, `https`, `grpc`, `grpcs`, or whatever was written (`h2`, ...).
    pub scheme: Option<&'a str>,
    /// Upstream name or host, without brackets for IPv6.
    pub host: &'a str,
    pub port: Option<&'a str>,
    /// A `unix:` socket path.
    pub unix: bool,
    /// Contains `$`: resolved at run time, so nothing can be said statically.
    pub has_variables: bool,
}

impl<'a> PassTarget<'a> {
    pub fn parse(value: &'a str) -> PassTarget<'a> {
        let has_variables = value.contains('$');
        let (scheme, rest) = match value.find("://") {
            Some(i) => (Some(&value[..i]), &value[i + 3..]),
            None => (None, value),
        };
        let authority = rest.split(['/', '?']).next().unwrap_or(rest);
        if let Some(path) = authority.strip_prefix("unix:") {
            return PassTarget {
                scheme,
                host: path,
                port: None,
                unix: true,
                has_variables,
            };
        }
        let authority = authority.rsplit('@').next().unwrap_or(authority);
        let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
            match v6.split_once(']') {
                Some((h, p)) => (h, p.strip_prefix(':')),
                None => (v6, None),
            }
        } else {
            match authority.rsplit_once(':') {
                Some((h, p)) if !h.contains(':') => (h, Some(p)),
                _ => (authority, None),
            }
        };
        PassTarget {
            scheme,
            host,
            port,
            unix: false,
            has_variables,
        }
    }

    /// `host:port` or `host`, the key users give in `--backend`.
    pub fn key(&self) -> String {
        match self.port {
            Some(p) => format!("{}:{p}", self.host),
            None => self.host.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::PassTarget;

    #[test]
    fn targets_parse_into_scheme_host_and_port() {
        let t = PassTarget::parse("grpc://pool");
        assert_eq!((t.scheme, t.host, t.port), (Some("grpc"), "pool", None));
        let t = PassTarget::parse("http://10.0.0.1:8080/api/");
        assert_eq!(
            (t.scheme, t.host, t.port),
            (Some("http"), "10.0.0.1", Some("8080"))
        );
        let t = PassTarget::parse("[::1]:50051");
        assert_eq!((t.scheme, t.host, t.port), (None, "::1", Some("50051")));
        let t = PassTarget::parse("localhost:9000");
        assert_eq!(t.key(), "localhost:9000");
        assert!(PassTarget::parse("http://unix:/run/app.sock:/").unix);
        assert!(PassTarget::parse("http://$backend").has_variables);
    }
}

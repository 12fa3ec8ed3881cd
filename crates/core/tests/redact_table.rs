//! What must be redacted and what must be kept, case by case, across nginx,
//! YAML, `.env`, JSON and Terraform. Every secret here is fake: the right
//! shape for its detector, and obviously nobody's.

use confine_core::redact::{redact, restore, Category, Input, RedactOptions};

struct Case {
    /// File name: the extension decides whether nginx context applies.
    file: &'static str,
    text: &'static str,
    redact: &'static [&'static str],
    keep: &'static [&'static str],
}

const fn c(
    file: &'static str,
    text: &'static str,
    redact: &'static [&'static str],
    keep: &'static [&'static str],
) -> Case {
    Case {
        file,
        text,
        redact,
        keep,
    }
}

const CASES: &[Case] = &[
    // --- nginx: addresses -------------------------------------------------
    c("a.conf", "upstream app { server 10.20.30.41:8080; server 10.20.30.42:8080; }\n", &["10.20.30.41", "10.20.30.42"], &[":8080", "upstream app"]),
    c("a.conf", "allow 172.16.5.0/24;\ndeny all;\n", &["172.16.5.0"], &["/24", "deny all"]),
    c("a.conf", "set_real_ip_from 100.72.3.4;\nreal_ip_header X-Forwarded-For;\n", &["100.72.3.4"], &["X-Forwarded-For"]),
    c("a.conf", "resolver 10.0.0.2 valid=30s ipv6=off;\n", &["10.0.0.2"], &["valid=30s", "ipv6=off"]),
    c("a.conf", "listen 10.1.2.3:443 ssl;\n", &["10.1.2.3"], &[":443 ssl"]),
    c("a.conf", "geo $internal {\n    default 0;\n    192.168.10.0/24 1;\n    10.8.0.7 1;\n}\n", &["192.168.10.0", "10.8.0.7"], &["$internal", "default 0"]),
    c("a.conf", "map $remote_addr $blocked {\n    default 0;\n    \"203.45.67.89\" 1;\n}\n", &["203.45.67.89"], &["$remote_addr", "$blocked"]),
    c("a.conf", "proxy_pass http://10.9.8.7:3000/api/;\n", &["10.9.8.7"], &["http://", ":3000/api/"]),
    c("a.conf", "listen [fd12:3456:789a::1]:443 ssl;\n", &["fd12:3456:789a::1"], &["]:443 ssl"]),
    c("a.conf", "allow 2a01:4f8:c17:1234::/64;\n", &["2a01:4f8:c17:1234::"], &["/64"]),
    c("a.conf", "proxy_pass http://[2a00:1450:4001:82a::200e]:8080;\n", &["2a00:1450:4001:82a::200e"], &[":8080"]),
    c("a.conf", "set_real_ip_from ::ffff:10.44.55.66;\n", &["10.44.55.66"], &["::ffff:"]),
    c("a.conf", "resolver [fe80::1ff:fe23:4567:890a%eth0];\n", &["fe80::1ff:fe23:4567:890a"], &["%eth0"]),
    c("a.conf", "log_format main '$remote_addr - 10.3.3.3 \"$request\"';\n", &["10.3.3.3"], &["$remote_addr", "$request"]),
    // --- nginx: kept addresses and numbers ---------------------------------
    c("a.conf", "listen 127.0.0.1:8080;\nlisten [::1]:8080;\nlisten 0.0.0.0:80;\nlisten [::]:80;\n", &[], &["127.0.0.1", "[::1]", "0.0.0.0", "[::]"]),
    c("a.conf", "allow 10.0.0.0/8;\nallow 192.168.0.0/16;\nallow 172.16.0.0/12;\n", &[], &["10.0.0.0/8", "192.168.0.0/16", "172.16.0.0/12"]),
    c("a.conf", "resolver 8.8.8.8 1.1.1.1 [2001:4860:4860::8888];\n", &[], &["8.8.8.8", "1.1.1.1", "2001:4860:4860::8888"]),
    c("a.conf", "proxy_http_version 1.1;\nssl_protocols TLSv1.2 TLSv1.3;\nclient_max_body_size 10m;\nkeepalive_timeout 65;\n", &[], &["1.1", "TLSv1.2", "TLSv1.3", "10m", "65"]),
    c("a.conf", "add_header X-Version 1.2.3;\nexpires 30d;\nlimit_req zone=one burst=5 nodelay;\n", &[], &["1.2.3", "30d", "zone=one", "burst=5"]),
    c("a.conf", "location ~* \\.(js|css|png)$ { expires 7d; }\nlocation = /50x.html { root /usr/share/nginx/html; }\n", &[], &["\\.(js|css|png)$", "/50x.html", "/usr/share/nginx/html"]),
    c("a.conf", "types { application/vnd.ms-excel xls; application/vnd.oasis.opendocument.text odt; }\n", &[], &["application/vnd.ms-excel", "application/vnd.oasis.opendocument.text"]),
    c("a.conf", "time 12:30:45; mac 00:1a:2b:3c:4d:5e;\n", &[], &["12:30:45", "00:1a:2b:3c:4d:5e"]),
    // --- nginx: host names ------------------------------------------------
    c("a.conf", "server_name api.corp.acme.io www.acme.io;\n", &["api.corp.acme.io", "www.acme.io", "acme"], &["server_name"]),
    c("a.conf", "server_name *.staging.acme.dev .acme.dev;\n", &["staging.acme.dev", "acme.dev"], &["*.", " ."]),
    c("a.conf", "server_name ~^(?<tenant>.+)\\.apps\\.acme\\.cloud$;\n", &["apps\\.acme\\.cloud"], &["(?<tenant>.+)", "~^"]),
    c("a.conf", "server_name billing.lan;\n", &["billing.lan"], &[]),
    c("a.conf", "upstream pool { server app01.prod.acme.internal:8080 weight=3; }\n", &["app01.prod.acme.internal"], &[":8080", "weight=3"]),
    c("a.conf", "proxy_pass https://payments.acme-bank.com/v2/;\n", &["payments.acme-bank.com"], &["https://", "/v2/"]),
    c("a.conf", "grpc_pass grpcs://orders.svc.acme.k8s:50051;\n", &["orders.svc.acme.k8s"], &["grpcs://", ":50051"]),
    c("a.conf", "return 301 https://shop.acme.com$request_uri;\n", &["shop.acme.com"], &["$request_uri"]),
    c("a.conf", "rewrite ^/old(.*)$ https://new.acme.com$1 permanent;\n", &["new.acme.com"], &["^/old(.*)$", "$1 permanent"]),
    c("a.conf", "proxy_ssl_name backend.acme.net;\nproxy_set_header Host internal-api.acme.net;\n", &["backend.acme.net", "internal-api.acme.net"], &["proxy_ssl_name"]),
    c("a.conf", "server_name api.acme.com;\nssl_certificate /etc/ssl/api.acme.com.crt;\naccess_log /var/log/nginx/api.acme.com-access.log;\n", &["api.acme.com"], &["/etc/ssl/", ".crt", "/var/log/nginx/", "-access.log"]),
    c("a.conf", "proxy_pass http://$region.api.acme.com;\n", &["api.acme.com"], &["$region."]),
    c("a.conf", "# contact ops@acme-corp.com for access\n", &["ops@acme-corp.com", "acme-corp.com"], &["# contact", "for access"]),
    c("a.conf", "resolver ns1.acme.net;\n", &["ns1.acme.net"], &[]),
    // --- nginx: kept names --------------------------------------------------
    c("a.conf", "server_name localhost _ example.com www.example.org;\n", &[], &["localhost", " _ ", "example.com", "www.example.org"]),
    c("a.conf", "include /etc/nginx/conf.d/*.conf;\ninclude mime.types;\nindex index.php index.html;\nfastcgi_pass unix:/run/php/php8.1-fpm.sock;\n", &[], &["conf.d/*.conf", "mime.types", "index.php", "php8.1-fpm.sock"]),
    c("a.conf", "add_header Content-Security-Policy \"script-src 'self' https://cdn.jsdelivr.net https://fonts.googleapis.com\";\n", &[], &["cdn.jsdelivr.net", "fonts.googleapis.com"]),
    c("a.conf", "content_by_lua_block {\n    local h = ngx.req.get_headers()\n    ngx.say(ngx.var.host, user.id)\n    local m = ngx.re.match(h, \"x\")\n}\n", &[], &["ngx.req.get_headers", "ngx.var.host", "user.id", "ngx.re.match"]),
    c("a.conf", "upstream backend { server app:8080; }\nproxy_pass http://backend;\n", &[], &["app:8080", "http://backend"]),
    c("a.conf", "auth_basic \"Basic Authentication Required\";\nauth_basic_user_file /etc/nginx/.htpasswd;\n", &[], &["Basic Authentication Required", "/etc/nginx/.htpasswd"]),
    c("a.conf", "proxy_cache_path /var/cache/nginx levels=1:2 keys_zone=STATIC:10m max_size=1g;\nssl_session_cache shared:SSL:10m;\n", &[], &["keys_zone=STATIC:10m", "shared:SSL:10m", "levels=1:2"]),
    // --- nginx: secrets ---------------------------------------------------
    c("a.conf", "proxy_set_header Authorization \"Bearer fake-7f3a9c2e1b8d4f6a0c5e9b2d7a1f3c8e\";\n", &["fake-7f3a9c2e1b8d4f6a0c5e9b2d7a1f3c8e"], &["Authorization \"Bearer "]),
    c("a.conf", "proxy_set_header Authorization \"Basic ZmFrZXVzZXI6ZmFrZXBhc3M=\";\n", &["ZmFrZXVzZXI6ZmFrZXBhc3M="], &["\"Basic "]),
    c("a.conf", "proxy_set_header Authorization $http_authorization;\nproxy_set_header X-Api-Key $api_key;\n", &[], &["$http_authorization", "$api_key"]),
    c("a.conf", "proxy_set_header X-Api-Key \"fakeapikey123\";\nadd_header X-Auth-Token notreal42;\n", &["fakeapikey123", "notreal42"], &["X-Api-Key", "X-Auth-Token"]),
    c("a.conf", "grpc_set_header Proxy-Authorization \"Basic dXNlcjpmYWtlcGFzcw==\";\n", &["dXNlcjpmYWtlcGFzcw=="], &["Proxy-Authorization"]),
    c("a.conf", "proxy_set_header Cookie \"session=fakesession123; theme=dark\";\n", &["fakesession123", "dark"], &["session=", "theme="]),
    c("a.conf", "more_set_headers \"X-Secret-Token: fake-token-value-1\";\n", &["fake-token-value-1"], &["X-Secret-Token: "]),
    c("a.conf", "secure_link_secret fakesecretword;\n", &["fakesecretword"], &["secure_link_secret"]),
    c("a.conf", "set $api_token \"tok-fake-0001\";\nset $backend_pool blue;\n", &["tok-fake-0001"], &["$api_token", "blue"]),
    c("a.conf", "set $sig a8F5f167F44f4964e6c998DEe827110c;\n", &["a8F5f167F44f4964e6c998DEe827110c"], &["$sig"]),
    c("a.conf", "fastcgi_param DB_PASSWORD notarealpassword;\nfastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;\n", &["notarealpassword"], &["$document_root$fastcgi_script_name"]),
    c("a.conf", "env STRIPE_SECRET=sk_test_FAKEfake0000FAKEfake0000;\n", &["sk_test_FAKEfake0000FAKEfake0000"], &["env STRIPE_SECRET="]),
    c("a.conf", "proxy_pass https://deploy:fakepass@registry.acme.io/;\n", &["deploy", "fakepass", "registry.acme.io"], &["https://"]),
    c("a.conf", "location /hook { proxy_pass https://hooks.slack.com/services/T00000000/B00000000/FAKEfakeFAKEfakeFAKEfake; }\n", &["T00000000/B00000000/FAKEfakeFAKEfakeFAKEfake"], &["hooks.slack.com/services/"]),
    c("a.conf", "# token: ghp_FAKEfakeFAKEfakeFAKEfakeFAKEfake1234\n", &["ghp_FAKEfakeFAKEfakeFAKEfakeFAKEfake1234"], &["# token: "]),
    c("a.conf", "proxy_set_header X-Jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJmYWtlIn0.ZmFrZS1zaWduYXR1cmU;\n", &["eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJmYWtlIn0.ZmFrZS1zaWduYXR1cmU"], &["X-Jwt"]),
    // --- YAML -----------------------------------------------------------------
    c("values.yaml", "db:\n  host: db01.prod.acme.internal\n  password: notreal-hunter2\n  port: 5432\n", &["db01.prod.acme.internal", "notreal-hunter2"], &["port: 5432", "host: "]),
    c("values.yaml", "selector:\n  matchLabels:\n    key: app\n    app.kubernetes.io/name: web\n", &[], &["key: app", "app.kubernetes.io/name: web"]),
    c("values.yaml", "aws:\n  access_key_id: AKIAIOSFODNN7EXAMPLE\n  secret_access_key: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n", &["AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"], &["access_key_id: "]),
    c("values.yaml", "env:\n  - name: OPENAI_API_KEY\n    value: sk-proj-FAKEfake0000FAKEfake0000FAKE\n  - name: TOKEN\n    valueFrom: {secretKeyRef: {name: t}}\n", &["sk-proj-FAKEfake0000FAKEfake0000FAKE"], &["secretKeyRef", "OPENAI_API_KEY"]),
    c("values.yaml", "tls:\n  key: |\n    -----BEGIN PRIVATE KEY-----\n    MIIEvFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKE\n    AAAAFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKE\n    -----END PRIVATE KEY-----\n", &["MIIEvFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKE", "AAAAFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKE"], &["-----BEGIN PRIVATE KEY-----", "-----END PRIVATE KEY-----"]),
    c("values.yaml", "password: ${DB_PASSWORD}\ntoken: \"{{ .Values.token }}\"\nenabled: true\ntimeout: 30s\n", &[], &["${DB_PASSWORD}", "{{ .Values.token }}", "enabled: true", "timeout: 30s"]),
    c("values.yaml", "slack: xoxb-000000000000-000000000000-FAKEfakeFAKEfake\n", &["xoxb-000000000000-000000000000-FAKEfakeFAKEfake"], &["slack: "]),
    // --- .env -----------------------------------------------------------------
    c(".env", "DATABASE_URL=postgres://app:fakedbpass@db.acme.internal:5432/app\nDEBUG=false\n", &["fakedbpass", "db.acme.internal"], &["postgres://", ":5432/app", "DEBUG=false"]),
    c(".env", "ANTHROPIC_API_KEY=sk-ant-api03-FAKEfake0000FAKEfake0000\nGITLAB_TOKEN=glpat-FAKEfake0000FAKEfake\n", &["sk-ant-api03-FAKEfake0000FAKEfake0000", "glpat-FAKEfake0000FAKEfake"], &["ANTHROPIC_API_KEY=", "GITLAB_TOKEN="]),
    c(".env", "SESSION_SECRET=fake\nLOG_LEVEL=info\nPASSWORD_MIN_LENGTH=12\n", &["fake"], &["LOG_LEVEL=info", "PASSWORD_MIN_LENGTH=12"]),
    c(".env", "NPM_TOKEN=npm_FAKEfakeFAKEfakeFAKEfakeFAKEfake1234\n", &["npm_FAKEfakeFAKEfakeFAKEfakeFAKEfake1234"], &["NPM_TOKEN="]),
    // --- JSON -----------------------------------------------------------------
    c("config.json", "{\"apiKey\": \"AIzaSyFAKEfake0000FAKEfake0000FAKEfake0\", \"region\": \"eu-west-1\"}\n", &["AIzaSyFAKEfake0000FAKEfake0000FAKEfake0"], &["\"region\": \"eu-west-1\""]),
    c("config.json", "{\"client_secret\": \"fake-client-secret\", \"redirect_uri\": \"https://login.acme.com/cb\"}\n", &["fake-client-secret", "login.acme.com"], &["\"redirect_uri\": \"https://", "/cb"]),
    c("config.json", "{\"endpoint\": \"10.200.1.5\", \"id\": 42, \"name\": \"web\"}\n", &["10.200.1.5"], &["\"id\": 42", "\"name\": \"web\""]),
    c("config.json", "{\"private_key\": \"-----BEGIN RSA PRIVATE KEY-----\\nMIIBFAKEFAKEFAKE\\n-----END RSA PRIVATE KEY-----\\n\"}\n", &["MIIBFAKEFAKEFAKE"], &["-----BEGIN RSA PRIVATE KEY-----"]),
    // --- issue 21, item 6: kinds once missed ------------------------------------
    c("a.conf", "upstream erp { server billing01:8080; server db-primary.; }\nserver { location / { proxy_pass http://erp; } }\n", &["billing01"], &["upstream erp", "http://erp;", ":8080"]),
    c("a.conf", "location /old { proxy_pass http://legacy-erp/; }\nlocation /x { proxy_pass http://backend:8080; }\n", &["legacy-erp"], &["http://backend:8080"]),
    c(".env", "PGHOST=db-primary\nREDIS_HOST=cache02.acme-corp.internal\nPGPORT=5432\n", &["db-primary", "cache02.acme-corp.internal"], &["PGHOST=", "PGPORT=5432"]),
    c("a.conf", "server_name nas.home.arpa;\n# the printer is at printer7.home.arpa\n", &["nas.home.arpa", "printer7"], &["server_name", "# the printer is at"]),
    c("a.conf", "resolver 1.0.0.1;\nlocation / { root /srv; }\n# see 4.3.2.1.in-addr.arpa\n", &[], &["4.3.2.1.in-addr.arpa"]),
    c("backup.sh", "aws s3 cp dump.sql s3://acme-prod-backups/db/\ngsutil cp x gs://acme-media/\ncurl https://s3.amazonaws.com/acme-invoices/2026/x.pdf\ncurl https://s3.eu-west-1.amazonaws.com/acme-logs/y\n", &["acme-prod-backups", "acme-media", "acme-invoices", "acme-logs"], &["s3://", "gs://", "/db/", "/2026/x.pdf"]),
    c("a.conf", "map $http_x_api_key $client {\n    default \"\";\n    \"fk9Qm2Lw8Zt4Rx7Vb3Nc\" acme;\n    k3yFAKEfake0000FAKEx partner;\n}\n", &["fk9Qm2Lw8Zt4Rx7Vb3Nc", "k3yFAKEfake0000FAKEx"], &["$http_x_api_key", "acme;", "partner;", "default"]),
    c("a.conf", "if ($http_x_api_key != \"fake-key-7Hq2Lm9Xw4\") { return 403; }\nif ($arg_token = notreal42) { return 200; }\nif ($request_method = POST) { return 405; }\n", &["fake-key-7Hq2Lm9Xw4", "notreal42"], &["$http_x_api_key", "return 403", "$request_method = POST"]),
    c("htpasswd.txt", "alice:$apr1$FAKEsalt$FAKEfakeFAKEfakeFAKE1.\nbob:$2y$05$FAKEfakeFAKEfakeFAKEfuFAKEfakeFAKEfakeFAKEfakeFAKEfak\ncarol:{SHA}FAKEfakeFAKEfakeFAKEfake0000=\n", &["alice", "$apr1$FAKEsalt$FAKEfakeFAKEfakeFAKE1.", "bob", "$2y$05$FAKE", "carol", "{SHA}FAKEfakeFAKEfakeFAKEfake0000="], &[]),
    c("cm.yaml", "apiVersion: v1\nkind: ConfigMap\ndata:\n  default.conf: |\n    upstream app { server billing01:8080; }\n    server {\n      server_name shop;\n      proxy_set_header X-Api-Key \"fakeapikey123\";\n      location / { proxy_pass http://app; }\n    }\n", &["billing01", "fakeapikey123"], &["kind: ConfigMap", "http://app;", "X-Api-Key"]),
    c("ingress.yaml", "metadata:\n  annotations:\n    nginx.ingress.kubernetes.io/configuration-snippet: |\n      proxy_set_header Authorization \"Basic ZmFrZXVzZXI6ZmFrZXBhc3M=\";\n      more_set_headers \"X-Secret-Token: fake-token-value-1\";\n  name: web\n", &["ZmFrZXVzZXI6ZmFrZXBhc3M=", "fake-token-value-1"], &["configuration-snippet: |", "name: web"]),
    c("a.conf", "access_by_lua_block {\n    local red = redis:new()\n    red:auth(\"fakeredispass\")\n    ngx.req.set_header(\"X-Api-Key\", \"fake-lua-key-001\")\n    ngx.req.set_header(\"X-Trace\", \"on\")\n}\n", &["fakeredispass", "fake-lua-key-001"], &["red:auth(\"", "\"X-Trace\", \"on\""]),
    c("compose.yaml", "services:\n  web:\n    image: openresty/openresty:1.25.3.1-alpine\n    other: nginx:1.27.0.1-bookworm\n", &[], &["1.25.3.1-alpine", "1.27.0.1-bookworm"]),
    c("a.conf", "allow 2a01:4f8:c17:1234:021a:2bff:fe3c:4d5e;\nallow fd12:3456:789a:1::1;\n", &["2a01:4f8:c17:1234:021a:2bff:fe3c:4d5e", "21a:2bff:fe3c:4d5e", "2bff:fe3c:4d5e"], &[":1::1;"]),
    // --- Terraform --------------------------------------------------------------
    c("main.tf", "resource \"x\" \"y\" {\n  password = \"fake-tf-password\"\n  storage = \"DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=FAKEfakeFAKEfakeFAKEfakeFAKEfakeFAKEfakeFAKE==;\"\n}\n", &["fake-tf-password", "FAKEfakeFAKEfakeFAKEfakeFAKEfakeFAKEfakeFAKE=="], &["AccountKey=", "DefaultEndpointsProtocol=https"]),
    c("main.tf", "variable \"stripe\" { default = \"rk_live_FAKEfake0000FAKEfake0000\" }\n", &["rk_live_FAKEfake0000FAKEfake0000"], &["variable \"stripe\""]),
];

fn contains(hay: &str, needle: &str) -> bool {
    hay.contains(needle)
}

#[test]
fn table_has_enough_cases() {
    assert!(CASES.len() >= 60, "{} cases", CASES.len());
    for kind in ["conf", "yaml", "env", "json"] {
        assert!(
            CASES.iter().any(|c| c.file.ends_with(kind)),
            "no {kind} case"
        );
    }
}

#[test]
fn redacts_what_it_must_and_keeps_what_it_should() {
    let mut failures = Vec::new();
    for (k, case) in CASES.iter().enumerate() {
        let r = redact(
            &[Input {
                path: case.file,
                text: case.text.as_bytes(),
            }],
            &RedactOptions::default(),
        );
        let out = String::from_utf8(r.files[0].text.clone()).expect("utf-8");
        for v in case.redact {
            assert!(
                contains(case.text, v),
                "case {k}: {v:?} is not in the input"
            );
            if contains(&out, v) {
                failures.push(format!(
                    "case {k} ({}): {v:?} survives in\n{out}",
                    case.file
                ));
            }
        }
        for v in case.keep {
            assert!(
                contains(case.text, v),
                "case {k}: {v:?} is not in the input"
            );
            if !contains(&out, v) {
                failures.push(format!(
                    "case {k} ({}): {v:?} was lost in\n{out}",
                    case.file
                ));
            }
        }
        if case.redact.is_empty() && !r.report.items.is_empty() {
            let found: Vec<&str> = r.report.items.iter().map(|i| i.original.as_str()).collect();
            failures.push(format!("case {k}: nothing to redact, but found {found:?}"));
        }
        if restore(&out, &r.mapping) != case.text {
            failures.push(format!("case {k}: restore does not give the input back"));
        }
        let again = redact(
            &[Input {
                path: case.file,
                text: out.as_bytes(),
            }],
            &RedactOptions::default(),
        );
        if again.files[0].text != out.as_bytes() {
            let again = String::from_utf8_lossy(&again.files[0].text).into_owned();
            failures.push(format!(
                "case {k}: redacting twice changes the text:\n{out}\n{again}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

fn redact_one(text: &str) -> (String, confine_core::redact::Redaction) {
    let r = redact(
        &[Input {
            path: "a.conf",
            text: text.as_bytes(),
        }],
        &RedactOptions::default(),
    );
    (String::from_utf8(r.files[0].text.clone()).unwrap(), r)
}

#[test]
fn addresses_keep_their_subnets_and_land_in_documentation_ranges() {
    let (out, _) =
        redact_one("server 10.1.2.3; server 10.1.2.4; server 10.9.9.9; allow 10.1.2.0/24;\n");
    assert_eq!(
        out,
        "server 192.0.2.3; server 192.0.2.4; server 198.51.100.9; allow 192.0.2.0/24;\n"
    );
    // A network wider than /24 gets an aligned block of its size.
    let (out, _) = redact_one("allow 10.64.0.0/10; allow 172.20.0.0/16;\n");
    assert_eq!(out, "allow 240.0.0.0/10; allow 240.64.0.0/16;\n");
    let (out, _) = redact_one("allow fd00:1:2:3::10; allow fd00:1:2:4::11; allow fd00:9::1;\n");
    assert_eq!(
        out,
        "allow 2001:db8:1:3::10; allow 2001:db8:1:4::11; allow 2001:db8:2::1;\n"
    );
}

#[test]
fn host_names_keep_label_count_shared_suffixes_and_case() {
    let (out, _) =
        redact_one("server_name api.corp.com db.corp.com corp.com API.CORP.COM Www.Corp.Com;\n");
    assert_eq!(
        out,
        "server_name host1.domain1.example host2.domain1.example domain1.example HOST1.DOMAIN1.EXAMPLE Host3.Domain1.Example;\n"
    );
}

#[test]
fn placeholders_never_collide_with_the_input() {
    let text = "server_name host1.domain1.example api.corp.com;\nallow 192.0.2.7; allow 10.0.0.9;\nset $password REDACTED_PASSWORD_1;\nset $db_password fakepw;\n";
    let (out, r) = redact_one(text);
    assert!(
        out.contains("server_name host1.domain1.example host1.domain2.example;"),
        "{out}"
    );
    assert!(
        out.contains("allow 192.0.2.7; allow 198.51.100.9;"),
        "{out}"
    );
    assert!(
        out.contains("set $db_password REDACTED_PASSWORD_2;"),
        "{out}"
    );
    assert_eq!(restore(&out, &r.mapping), text);
}

#[test]
fn restore_puts_originals_into_free_text() {
    let text = "upstream u { server 10.0.0.4:80; server 10.0.0.41:80; }\nserver { server_name api.corp.com; proxy_set_header Authorization \"Bearer fake0token0000001\"; }\n";
    let (out, r) = redact_one(text);
    assert!(out.contains("192.0.2.4:80") && out.contains("192.0.2.41:80"));
    let answer = "The backend `192.0.2.41` and host1.domain1.example are fine.\n\n```nginx\nserver_name host1.domain1.example;\nproxy_set_header Authorization \"Bearer REDACTED_BEARER_1\";\nserver 192.0.2.4:80;\n```\nREDACTED_BEARER_12 is not ours.";
    let restored = restore(answer, &r.mapping);
    assert_eq!(
        restored,
        "The backend `10.0.0.41` and api.corp.com are fine.\n\n```nginx\nserver_name api.corp.com;\nproxy_set_header Authorization \"Bearer fake0token0000001\";\nserver 10.0.0.4:80;\n```\nREDACTED_BEARER_12 is not ours."
    );
}

#[test]
fn categories_terms_and_allowlist_are_honoured() {
    let text =
        "server_name api.acme.com;\nallow 10.2.3.4;\nroot /srv/acmeweb/public;\n# Acme support\n";
    let only_ip = RedactOptions {
        categories: vec![Category::Ip],
        ..RedactOptions::default()
    };
    let r = redact(
        &[Input {
            path: "a.conf",
            text: text.as_bytes(),
        }],
        &only_ip,
    );
    let out = String::from_utf8(r.files[0].text.clone()).unwrap();
    assert!(
        out.contains("api.acme.com") && !out.contains("10.2.3.4"),
        "{out}"
    );

    let terms = RedactOptions {
        terms: vec!["acme".into()],
        allow: vec![".acme.com".into()],
        ..RedactOptions::default()
    };
    let r = redact(
        &[Input {
            path: "a.conf",
            text: text.as_bytes(),
        }],
        &terms,
    );
    let out = String::from_utf8(r.files[0].text.clone()).unwrap();
    assert!(!out.to_ascii_lowercase().contains("acme"), "{out}");
    assert!(out.contains("/srv/REDACTED_TERM_1_web/public"), "{out}");
    assert_eq!(restore(&out, &r.mapping), text);
    assert_eq!(r.report.counts.get(&Category::Term), Some(&3));

    let paths = RedactOptions {
        categories: vec![Category::Path, Category::Port],
        ..RedactOptions::default()
    };
    let r = redact(
        &[Input {
            path: "a.conf",
            text: b"root /srv/acmeweb/public;\nlisten 8443;\n",
        }],
        &paths,
    );
    let out = String::from_utf8(r.files[0].text.clone()).unwrap();
    assert_eq!(out, "root /srv/REDACTED_PATH_1/public;\nlisten 10001;\n");
}

#[test]
fn the_same_value_gets_the_same_placeholder_across_files() {
    let a = "upstream u { server 10.7.7.7:80; }\nserver { server_name api.acme.com; }\n";
    let b = "# moved from 10.7.7.7\nproxy_pass https://api.acme.com;\n";
    let r = redact(
        &[
            Input {
                path: "a.conf",
                text: a.as_bytes(),
            },
            Input {
                path: "b.conf",
                text: b.as_bytes(),
            },
        ],
        &RedactOptions::default(),
    );
    let a_out = String::from_utf8(r.files[0].text.clone()).unwrap();
    let b_out = String::from_utf8(r.files[1].text.clone()).unwrap();
    assert!(
        a_out.contains("192.0.2.7:80") && b_out.contains("from 192.0.2.7"),
        "{a_out}{b_out}"
    );
    assert!(
        a_out.contains("host1.domain1.example") && b_out.contains("https://host1.domain1.example"),
        "{a_out}{b_out}"
    );
}

#[test]
fn pem_bodies_keep_their_line_count() {
    let text =
        "-----BEGIN CERTIFICATE-----\nMIIBfake1\nMIIBfake2\nMIIBfake3\n-----END CERTIFICATE-----\n";
    let r = redact(
        &[Input {
            path: "x.pem.txt",
            text: text.as_bytes(),
        }],
        &RedactOptions::default(),
    );
    let out = String::from_utf8(r.files[0].text.clone()).unwrap();
    assert_eq!(
        out,
        "-----BEGIN CERTIFICATE-----\nREDACTED_CERTIFICATE_1\n\n\n-----END CERTIFICATE-----\n"
    );
    assert_eq!(restore(&out, &r.mapping), text);
}

#[test]
fn keeps_host_answers_for_public_reserved_and_allowlisted_names_only() {
    use confine_core::redact::keeps_host;
    let default = RedactOptions::default();
    for kept in [
        "k8s.io",
        "API.K8S.IO",
        "x.github.com",
        "db.example",
        "localhost",
    ] {
        assert!(keeps_host(kept, &default), "{kept} should be kept");
    }
    for redacted in [
        "k8s.io.evil.com",
        "notk8s.io",
        "db.corp.internal",
        "shop.de",
    ] {
        assert!(
            !keeps_host(redacted, &default),
            "{redacted} should be redacted"
        );
    }
    let allow = RedactOptions {
        allow: vec!["*.corp.internal".into()],
        ..RedactOptions::default()
    };
    assert!(keeps_host("db.corp.internal", &allow));
    assert!(!keeps_host("db.corp.internal.evil.com", &allow));
}

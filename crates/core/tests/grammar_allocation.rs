//! The grammar checks run for nearly every directive, so on arguments nginx
//! accepts they must not allocate (values are borrowed, messages are only
//! written for a problem). A counting allocator measures the checks alone,
//! on a config that gives every handler and value kind something to read.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use confine_core::analysis::grammar::{self, Args};
use confine_core::analysis::Model;
use confine_core::input::ConfigSet;
use confine_core::options::Version;

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static COUNTING: Counting = Counting;

const CONFIG: &str = r#"
events { use epoll; worker_connections 1024; }
http {
    keepalive_timeout 65 60;
    gzip on;
    gzip_comp_level 5;
    client_max_body_size 10m;
    proxy_cache_path /tmp/c levels=1:2 keys_zone=one:10m inactive=60m max_size=1g;
    proxy_temp_path /tmp/t 1 2;
    limit_req_zone $binary_remote_addr zone=r:10m rate=10r/s;
    limit_conn_zone $binary_remote_addr zone=c:10m;
    resolver 127.0.0.1 [::1]:53 valid=30s ipv6=off;
    ssl_session_cache shared:SSL:10m;
    open_file_cache max=1000 inactive=20s;
    upstream app {
        server 127.0.0.1:8080 weight=2 max_fails=3 fail_timeout=10s;
        server unix:/run/app.sock backup;
    }
    server {
        listen 80 default_server backlog=511 reuseport;
        listen [::]:443 ssl http2 ipv6only=on so_keepalive=30m::10;
        access_log /var/log/nginx/a.log combined buffer=32k flush=5s;
        error_page 404 500 502 =200 /err.html;
        allow 10.0.0.0/8;
        deny all;
        return 301 https://example.com$request_uri;
        rewrite ^/old/(.*)$ /new/$1 permanent;
        if ($http_x = "y") { return 403; }
        if (!-f $request_filename) { return 404; }
        location = /exact { expires 1h; }
        location ^~ /static/ {
            location /static/img/ { expires modified +1d; }
            add_header X-A b always;
            proxy_cache_valid 200 302 10m;
        }
        location ~* \.php$ {
            fastcgi_pass 127.0.0.1:9000;
            fastcgi_param SCRIPT_FILENAME $request_filename if_not_empty;
        }
        location /api/ {
            proxy_pass http://app/v1/;
            limit_req zone=r burst=20 nodelay;
            limit_conn c 10;
        }
        location @named { grpc_pass grpc://127.0.0.1:9000; }
    }
}
"#;

#[test]
fn accepted_arguments_are_checked_without_allocating() {
    let set = ConfigSet::from_text("/etc/nginx/nginx.conf", CONFIG.as_bytes());
    let model = Model::build(&set);
    let version = Version(1, 22, 1);
    let mut checked = 0;
    let mut handlers = 0;
    let mut allocations = 0;
    let mut culprits = Vec::new();
    for entry in &model.entries {
        let Some(spec) = entry
            .rows
            .rows()
            .iter()
            .find(|r| r.exists_in(version) && r.contexts.intersects(entry.context.bit()))
        else {
            continue;
        };
        if spec.args == Args::Unchecked {
            continue;
        }
        let enclosing = model.scopes[entry.scope]
            .opener
            .map(|id| (model.entries[id].tree, model.entries[id].directive));
        let input = grammar::Input {
            tree: entry.tree,
            directive: entry.directive,
            name: &entry.name,
            context: entry.context,
            version,
            enclosing,
        };
        let before = ALLOCATIONS.load(Ordering::Relaxed);
        let found = grammar::check(spec.args, &input);
        let here = ALLOCATIONS.load(Ordering::Relaxed) - before;
        if here > 0 {
            culprits.push(spec.name);
        }
        allocations += here;
        assert_eq!(found, None, "{}: nginx accepts it", spec.name);
        checked += 1;
        handlers += usize::from(matches!(spec.args, Args::Handler(_)));
    }
    assert!(handlers >= 30, "only {handlers} handler checks ran");
    assert!(checked > handlers, "no value checks ran");
    assert_eq!(
        allocations, 0,
        "{allocations} allocations in {checked} checks: {culprits:?}"
    );
}

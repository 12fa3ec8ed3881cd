//! Directives of popular third-party modules: names nginx itself does not
//! know, so `nginx -t` fails on them unless the module is compiled in or
//! loaded. Knowing them lets confine say which module a config needs instead
//! of guessing at a typo.
//!
//! One row per module, its directive names in one space-separated string:
//! a few kilobytes that compress well (the page ships this table), read only
//! for directives the nginx table does not know. Names come from each
//! module's `ngx_command_t` array as documented in its README; only the
//! names that stand in nginx's own contexts are listed (the bodies of a
//! module's own blocks, `rtmp {}` or `ldap_server {}`, are not checked).
//! Contexts are not kept: nginx without the module refuses the name anywhere.

/// A third-party module and the directives it adds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Module {
    /// The name users know it by (`headers-more`).
    pub name: &'static str,
    /// Where it lives (`github.com/openresty/headers-more-nginx-module`).
    pub home: &'static str,
    /// Its directive names, separated by single spaces.
    pub directives: &'static str,
}

impl Module {
    /// Its directive names.
    pub fn names(&self) -> impl Iterator<Item = &'static str> {
        self.directives.split(' ')
    }
}

const fn m(name: &'static str, home: &'static str, directives: &'static str) -> Module {
    Module {
        name,
        home,
        directives,
    }
}

/// The modules, each name in one row only (a unit test checks it).
#[rustfmt::skip]
pub static MODULES: &[Module] = &[
    m("lua (OpenResty)", "github.com/openresty/lua-nginx-module",
      "lua_load_resty_core lua_thread_cache_max_entries lua_capture_error_log lua_use_default_type \
       lua_malloc_trim lua_code_cache lua_regex_cache_max_entries lua_regex_match_limit \
       lua_package_path lua_package_cpath init_by_lua init_by_lua_block init_by_lua_file \
       init_worker_by_lua init_worker_by_lua_block init_worker_by_lua_file exit_worker_by_lua_block \
       exit_worker_by_lua_file set_by_lua set_by_lua_block set_by_lua_file content_by_lua \
       content_by_lua_block content_by_lua_file server_rewrite_by_lua_block server_rewrite_by_lua_file \
       rewrite_by_lua rewrite_by_lua_block rewrite_by_lua_file rewrite_by_lua_no_postpone access_by_lua \
       access_by_lua_block access_by_lua_file access_by_lua_no_postpone header_filter_by_lua \
       header_filter_by_lua_block header_filter_by_lua_file body_filter_by_lua body_filter_by_lua_block \
       body_filter_by_lua_file log_by_lua log_by_lua_block log_by_lua_file balancer_by_lua_block \
       balancer_by_lua_file lua_need_request_body ssl_client_hello_by_lua_block \
       ssl_client_hello_by_lua_file ssl_certificate_by_lua_block ssl_certificate_by_lua_file \
       ssl_session_fetch_by_lua_block ssl_session_fetch_by_lua_file ssl_session_store_by_lua_block \
       ssl_session_store_by_lua_file proxy_ssl_verify_by_lua_block proxy_ssl_verify_by_lua_file \
       lua_shared_dict lua_socket_connect_timeout lua_socket_send_timeout lua_socket_send_lowat \
       lua_socket_buffer_size lua_socket_pool_size lua_socket_keepalive_timeout lua_socket_read_timeout \
       lua_socket_log_errors lua_ssl_ciphers lua_ssl_crl lua_ssl_protocols lua_ssl_certificate \
       lua_ssl_certificate_key lua_ssl_trusted_certificate lua_ssl_verify_depth lua_ssl_conf_command \
       lua_ssl_key_log lua_http10_buffering lua_check_client_abort \
       lua_transform_underscores_in_response_headers lua_max_pending_timers lua_max_running_timers \
       lua_sa_restart lua_worker_thread_vm_pool_size"),
    m("stream lua (OpenResty)", "github.com/openresty/stream-lua-nginx-module",
      "preread_by_lua_block preread_by_lua_file preread_by_lua_no_postpone lua_add_variable"),
    m("headers-more", "github.com/openresty/headers-more-nginx-module",
      "more_set_headers more_clear_headers more_set_input_headers more_clear_input_headers"),
    m("echo", "github.com/openresty/echo-nginx-module",
      "echo echo_duplicate echo_flush echo_sleep echo_blocking_sleep echo_reset_timer \
       echo_read_request_body echo_location_async echo_location echo_subrequest_async echo_subrequest \
       echo_foreach_split echo_end echo_request_body echo_exec echo_status echo_before_body \
       echo_after_body echo_abort_parent"),
    m("set-misc", "github.com/openresty/set-misc-nginx-module",
      "set_if_empty set_quote_sql_str set_quote_pgsql_str set_quote_json_str set_unescape_uri \
       set_escape_uri set_hashed_upstream set_encode_base32 set_base32_padding set_base32_alphabet \
       set_decode_base32 set_encode_base64 set_decode_base64 set_encode_base64url set_decode_base64url \
       set_encode_hex set_decode_hex set_sha1 set_md5 set_hmac_sha1 set_hmac_sha256 set_random \
       set_secure_random_alphanum set_secure_random_lcalpha set_rotate set_local_today \
       set_formatted_gmt_time set_formatted_local_time"),
    m("srcache", "github.com/openresty/srcache-nginx-module",
      "srcache_fetch srcache_fetch_skip srcache_store srcache_store_max_size srcache_store_skip \
       srcache_store_statuses srcache_store_ranges srcache_header_buffer_size srcache_store_hide_header \
       srcache_store_pass_header srcache_methods srcache_ignore_content_encoding \
       srcache_request_cache_control srcache_response_cache_control srcache_store_no_store \
       srcache_store_no_cache srcache_store_private srcache_default_expire srcache_max_expire"),
    m("redis2", "github.com/openresty/redis2-nginx-module",
      "redis2_query redis2_raw_query redis2_raw_queries redis2_literal_raw_query redis2_pass \
       redis2_connect_timeout redis2_send_timeout redis2_read_timeout redis2_buffer_size \
       redis2_next_upstream"),
    m("memc", "github.com/openresty/memc-nginx-module",
      "memc_pass memc_cmds_allowed memc_flags_to_last_modified memc_connect_timeout memc_send_timeout \
       memc_read_timeout memc_buffer_size memc_ignore_client_abort memc_upstream_max_fails \
       memc_upstream_fail_timeout"),
    m("encrypted-session", "github.com/openresty/encrypted-session-nginx-module",
      "encrypted_session_key encrypted_session_iv encrypted_session_expires set_encrypt_session \
       set_decrypt_session"),
    m("form-input", "github.com/calio/form-input-nginx-module", "set_form_input set_form_input_multi"),
    m("xss", "github.com/openresty/xss-nginx-module",
      "xss_get xss_callback_arg xss_override_status xss_check_status xss_input_types"),
    m("postgres", "github.com/FRiCKLE/ngx_postgres",
      "postgres_server postgres_keepalive postgres_pass postgres_query postgres_rewrite postgres_output \
       postgres_set postgres_escape postgres_connect_timeout postgres_result_timeout"),
    m("brotli", "github.com/google/ngx_brotli",
      "brotli brotli_static brotli_types brotli_buffers brotli_comp_level brotli_window \
       brotli_min_length"),
    m("zstd", "github.com/tokers/zstd-nginx-module",
      "zstd zstd_static zstd_comp_level zstd_min_length zstd_types zstd_buffers zstd_dict_file"),
    m("geoip2", "github.com/leev/ngx_http_geoip2_module", "geoip2 geoip2_proxy geoip2_proxy_recursive"),
    m("vts", "github.com/vozlt/nginx-module-vts",
      "vhost_traffic_status vhost_traffic_status_zone vhost_traffic_status_display \
       vhost_traffic_status_display_format vhost_traffic_status_display_jsonp \
       vhost_traffic_status_display_sum_key vhost_traffic_status_filter vhost_traffic_status_filter_by_host \
       vhost_traffic_status_filter_by_set_key vhost_traffic_status_filter_check_duplicate \
       vhost_traffic_status_filter_max_node vhost_traffic_status_limit vhost_traffic_status_limit_traffic \
       vhost_traffic_status_limit_traffic_by_set_key vhost_traffic_status_limit_check_duplicate \
       vhost_traffic_status_set_by_filter vhost_traffic_status_average_method \
       vhost_traffic_status_histogram_buckets vhost_traffic_status_bypass_limit \
       vhost_traffic_status_bypass_stats vhost_traffic_status_dump"),
    m("ModSecurity", "github.com/owasp-modsecurity/ModSecurity-nginx",
      "modsecurity modsecurity_rules modsecurity_rules_file modsecurity_rules_remote \
       modsecurity_transaction_id modsecurity_use_error_log ModSecurityEnabled ModSecurityConfig"),
    m("naxsi", "github.com/wargio/naxsi",
      "MainRule BasicRule CheckRule LearningMode SecRulesEnabled SecRulesDisabled DeniedUrl \
       LibInjectionSql LibInjectionXss naxsi_extensive_log main_rule basic_rule check_rule \
       learning_mode rules_enabled rules_disabled denied_url libinjection_sql libinjection_xss"),
    m("App Protect (NGINX Plus)", "docs.nginx.com/nginx-app-protect-waf",
      "app_protect_enable app_protect_policy_file app_protect_security_log_enable app_protect_security_log \
       app_protect_enforcer_address app_protect_failure_mode_action app_protect_cookie_seed \
       app_protect_compressed_requests_action app_protect_request_buffer_overflow_action \
       app_protect_user_defined_signatures app_protect_reconnect_period_seconds \
       app_protect_physical_memory_util_thresholds app_protect_cpu_thresholds app_protect_dos_enable \
       app_protect_dos_policy_file app_protect_dos_security_log_enable app_protect_dos_security_log \
       app_protect_dos_monitor app_protect_dos_name app_protect_dos_api app_protect_dos_access_file \
       app_protect_dos_arb_fqdn app_protect_dos_liveness app_protect_dos_readiness"),
    m("F5 metrics (NGINX Plus)", "docs.nginx.com/nginx-app-protect-dos", "f5_metrics f5_metrics_server"),
    m("passenger", "github.com/phusion/passenger",
      "passenger_root passenger_enabled passenger_ruby passenger_python passenger_nodejs \
       passenger_meteor_app_settings passenger_app_env passenger_app_root passenger_app_group_name \
       passenger_app_type passenger_startup_file passenger_restart_dir passenger_spawn_method \
       passenger_env_var passenger_load_shell_envvars passenger_rolling_restarts \
       passenger_resist_deployment_errors passenger_user_switching passenger_user passenger_group \
       passenger_default_user passenger_default_group passenger_show_version_in_header \
       passenger_friendly_error_pages passenger_disable_security_update_check \
       passenger_security_update_check_proxy passenger_max_pool_size passenger_min_instances \
       passenger_max_instances passenger_max_instances_per_app passenger_pool_idle_time \
       passenger_max_preloader_idle_time passenger_start_timeout passenger_concurrency_model \
       passenger_thread_count passenger_max_requests passenger_max_request_time passenger_memory_limit \
       passenger_pre_start passenger_log_level passenger_log_file passenger_file_descriptor_log_file \
       passenger_instance_registry_dir passenger_data_buffer_dir passenger_buffer_response \
       passenger_buffers passenger_buffer_size passenger_busy_buffers_size \
       passenger_request_queue_overflow_status_code passenger_max_request_queue_size \
       passenger_sticky_sessions passenger_sticky_sessions_cookie_name passenger_set_header \
       passenger_pass_header passenger_ignore_headers passenger_headers_hash_bucket_size \
       passenger_headers_hash_max_size passenger_ignore_client_abort passenger_read_timeout \
       passenger_base_uri passenger_document_root passenger_intercept_errors passenger_turbocaching \
       passenger_stat_throttle_rate passenger_core_file_descriptor_ulimit \
       passenger_app_file_descriptor_ulimit passenger_abort_websockets_on_process_shutdown"),
    m("rtmp", "github.com/arut/nginx-rtmp-module",
      "rtmp rtmp_stat rtmp_stat_stylesheet rtmp_control rtmp_auto_push rtmp_auto_push_reconnect \
       rtmp_socket_dir"),
    m("cache_purge", "github.com/FRiCKLE/ngx_cache_purge",
      "cache_purge_response_type"),
    m("nchan", "github.com/slact/nchan",
      "nchan_channel_id nchan_publisher nchan_subscriber nchan_pubsub nchan_channel_group \
       nchan_redis_url nchan_redis_server nchan_use_redis nchan_redis_pass nchan_redis_namespace \
       nchan_redis_storage_mode nchan_redis_nostore_fastpublish nchan_redis_ping_interval \
       nchan_redis_connect_timeout nchan_redis_optimize_target nchan_redis_password nchan_redis_username \
       nchan_redis_ssl nchan_redis_idle_channel_cache_timeout nchan_redis_cluster_check_interval \
       nchan_message_timeout nchan_message_buffer_length nchan_store_messages nchan_subscriber_timeout \
       nchan_publisher_channel_id nchan_subscriber_channel_id nchan_authorize_request \
       nchan_subscribe_request nchan_unsubscribe_request nchan_publisher_upstream_request \
       nchan_max_reserved_memory nchan_shared_memory_size nchan_stub_status \
       nchan_channel_events_channel_id nchan_channel_event_string nchan_subscriber_first_message \
       nchan_subscriber_last_message_id nchan_websocket_ping_interval nchan_eventsource_event \
       nchan_access_control_allow_origin nchan_storage_engine nchan_channel_id_split_delimiter \
       nchan_deflate_message_for_websocket nchan_longpoll_multipart_response \
       nchan_permessage_deflate_compression_level nchan_subscriber_message_id_custom_etag_header \
       nchan_subscriber_http_raw_stream_separator nchan_message_temp_path nchan_max_channel_id_length \
       nchan_max_channel_subscribers nchan_channel_timeout"),
    m("push-stream", "github.com/wandenberg/nginx-push-stream-module",
      "push_stream_shared_memory_size push_stream_channel_deleted_message_text \
       push_stream_channel_inactivity_time push_stream_ping_message_text push_stream_timeout_with_body \
       push_stream_message_ttl push_stream_max_subscribers_per_channel push_stream_max_messages_stored_per_channel \
       push_stream_max_channel_id_length push_stream_max_number_of_channels \
       push_stream_max_number_of_wildcard_channels push_stream_wildcard_channel_prefix \
       push_stream_channels_statistics push_stream_publisher push_stream_subscriber \
       push_stream_channels_path push_stream_store_messages push_stream_authorized_channels_only \
       push_stream_header_template push_stream_message_template push_stream_footer_template \
       push_stream_ping_message_interval push_stream_subscriber_connection_ttl \
       push_stream_longpolling_connection_ttl push_stream_allowed_origins"),
    m("fancyindex", "github.com/aperezdc/ngx-fancyindex",
      "fancyindex fancyindex_localtime fancyindex_exact_size fancyindex_header fancyindex_footer \
       fancyindex_css_href fancyindex_ignore fancyindex_hide_dotfiles fancyindex_hide_parent_dir \
       fancyindex_name_length fancyindex_time_format fancyindex_default_sort \
       fancyindex_directories_first fancyindex_case_sensitive fancyindex_show_path \
       fancyindex_show_dotfiles"),
    m("dav-ext", "github.com/arut/nginx-dav-ext-module", "dav_ext_methods dav_ext_lock_zone dav_ext_lock"),
    m("auth-pam", "github.com/sto/ngx_http_auth_pam_module",
      "auth_pam auth_pam_service_name auth_pam_set_pam_env"),
    m("auth-ldap", "github.com/kvspb/nginx-auth-ldap",
      "ldap_server auth_ldap auth_ldap_servers auth_ldap_cache_enabled auth_ldap_cache_expiration_time \
       auth_ldap_cache_size auth_ldap_servers_size"),
    m("auth-digest", "github.com/atomx/nginx-http-auth-digest",
      "auth_digest auth_digest_user_file auth_digest_timeout auth_digest_expires auth_digest_replays \
       auth_digest_shm_size auth_digest_evasion_time auth_digest_maxtries auth_digest_drop_time"),
    m("spnego (auth_gss)", "github.com/stnoonan/spnego-http-auth-nginx-module",
      "auth_gss auth_gss_keytab auth_gss_realm auth_gss_service_name auth_gss_allow_basic_fallback \
       auth_gss_authorized_principal auth_gss_authorized_principal_regex auth_gss_format_full \
       auth_gss_force_realm auth_gss_map_to_local auth_gss_delegate_credentials \
       auth_gss_constrained_delegation"),
    m("sticky", "github.com/Refinitiv/nginx-sticky-module-ng", "sticky_hide_cookie sticky_no_fallback"),
    m("upstream_check", "github.com/yaoweibin/nginx_upstream_check_module",
      "check check_keepalive_requests check_http_send check_http_expect_alive check_fastcgi_param \
       check_shm_size check_status"),
    m("upstream-fair", "github.com/gnosek/nginx-upstream-fair", "fair upstream_fair_shm_size"),
    m("upload-progress", "github.com/masterzen/nginx-upload-progress-module",
      "upload_progress track_uploads report_uploads upload_progress_content_type upload_progress_header \
       upload_progress_jsonp_parameter upload_progress_json_output upload_progress_jsonp_output \
       upload_progress_template upload_progress_java_output"),
    m("upload", "github.com/fdintino/nginx-upload-module",
      "upload_pass upload_store upload_state_store upload_store_access upload_set_form_field \
       upload_aggregate_form_field upload_pass_form_field upload_cleanup upload_buffer_size \
       upload_max_part_header_len upload_max_file_size upload_limit_rate upload_max_output_body_len \
       upload_tame_arrays upload_pass_args upload_resumable upload_add_header"),
    m("substitutions", "github.com/yaoweibin/ngx_http_substitutions_filter_module",
      "subs_filter subs_filter_types subs_filter_bypass"),
    m("pagespeed", "github.com/apache/incubator-pagespeed-ngx", "pagespeed"),
    m("opentracing", "github.com/opentracing-contrib/nginx-opentracing",
      "opentracing opentracing_load_tracer opentracing_trace_locations opentracing_propagate_context \
       opentracing_fastcgi_propagate_context opentracing_grpc_propagate_context opentracing_operation_name \
       opentracing_location_operation_name opentracing_tag"),
    m("testcookie", "github.com/kyprizel/testcookie-nginx-module",
      "testcookie testcookie_name testcookie_domain testcookie_expires testcookie_path testcookie_secret \
       testcookie_session testcookie_arg testcookie_max_attempts testcookie_fallback testcookie_whitelist \
       testcookie_pass testcookie_redirect_via_refresh testcookie_refresh_template testcookie_refresh_status \
       testcookie_deny_keepalive testcookie_get_only testcookie_https_location testcookie_internal \
       testcookie_httponly_flag testcookie_secure_flag"),
    m("vod (Kaltura)", "github.com/kaltura/nginx-vod-module",
      "vod vod_mode vod_upstream_location vod_remote_upstream_location vod_segment_duration \
       vod_metadata_cache vod_response_cache vod_mapping_cache vod_last_modified vod_last_modified_types \
       vod_align_segments_to_key_frames vod_base_url vod_multi_uri_suffix"),
];

/// The module that provides `name`, when one in the table does. An
/// OpenResty `*_by_lua_block` the table misses still belongs to lua: nginx's
/// parser reads those bodies as Lua, so only that module can define them.
pub fn module_of(name: &[u8]) -> Option<&'static Module> {
    MODULES
        .iter()
        .find(|module| module.names().any(|n| n.as_bytes() == name))
        .or_else(|| crate::syntax::parser::is_raw_block_directive(name).then_some(&MODULES[0]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::directives::lookup;

    /// A name in two rows, or one nginx itself knows, would make the
    /// module named in a warning a guess.
    #[test]
    fn every_name_is_third_party_and_listed_once() {
        let mut seen = std::collections::BTreeSet::new();
        for module in MODULES {
            for name in module.names() {
                assert!(!name.is_empty(), "double space in {}", module.name);
                assert!(seen.insert(name), "{name} listed twice");
                assert!(lookup(name).is_empty(), "{name} is an nginx directive");
            }
        }
    }

    #[test]
    fn names_find_their_module() {
        assert_eq!(
            module_of(b"more_set_headers").map(|m| m.name),
            Some("headers-more")
        );
        assert_eq!(module_of(b"geoip2_proxy").map(|m| m.name), Some("geoip2"));
        assert_eq!(module_of(b"MainRule").map(|m| m.name), Some("naxsi"));
        assert_eq!(
            module_of(b"new_phase_by_lua_block").map(|m| m.name),
            Some("lua (OpenResty)")
        );
        assert_eq!(module_of(b"more_set_header"), None);
        assert_eq!(module_of(b"proxy_pass"), None);
    }
}

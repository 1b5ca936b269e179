//! The one HTTP client for calls to integrations (outgoing webhooks, slash commands, actions,
//! dialogs): a timeout, a response size cap, no redirects, no proxies, and no private, loopback or
//! link-local targets unless `ServiceSettings.AllowedUntrustedInternalConnections` lists them.
//! The address check runs on the resolved addresses, so a public name pointing inside is refused
//! too. Nothing is retried: a failed call never posts twice.

use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use futures_util::StreamExt;
use outpost_core::AppError;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};

/// Most bytes read from an integration's answer (Mattermost's `MaxIntegrationResponseSize`).
pub const MAX_RESPONSE_BYTES: usize = 1024 * 1024;

/// Why an outbound call failed; logged, and turned into an error for the caller where there is one.
#[derive(Debug)]
pub enum OutboundError {
    /// The URL is malformed or not http(s).
    BadUrl,
    /// The target is an internal address that is not allowed.
    Forbidden,
    /// No answer in time, or the connection failed.
    Failed(String),
    /// The answer was over [`MAX_RESPONSE_BYTES`].
    TooLarge,
}

impl std::fmt::Display for OutboundError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::BadUrl => f.write_str("invalid URL"),
            Self::Forbidden => f.write_str("address forbidden (internal, not allowed)"),
            Self::Failed(e) => write!(f, "request failed: {e}"),
            Self::TooLarge => f.write_str("response too large"),
        }
    }
}

/// An integration's answer, read whole (up to the cap).
#[derive(Debug)]
pub struct OutboundResponse {
    pub status: u16,
    pub content_type: String,
    pub body: Vec<u8>,
}

/// The shared outbound client.
pub struct Outbound {
    client: reqwest::Client,
    allowed: Arc<RwLock<String>>,
}

impl Default for Outbound {
    fn default() -> Self {
        let allowed = Arc::new(RwLock::new(String::new()));
        let resolver = Arc::new(GuardedResolver {
            allowed: Arc::clone(&allowed),
        });
        let client = reqwest::Client::builder()
            .dns_resolver(resolver)
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .connect_timeout(Duration::from_secs(10))
            .user_agent("Outpost-Integrations")
            .build()
            .unwrap_or_else(|_| reqwest::Client::new());
        Self { client, allowed }
    }
}

/// An outbound request body.
pub enum OutboundBody {
    None,
    Json(Vec<u8>),
    Form(String),
}

impl Outbound {
    /// Sends one request. `allow_list` is the current `AllowedUntrustedInternalConnections`.
    pub async fn send(
        &self,
        method: reqwest::Method,
        url: &str,
        body: OutboundBody,
        headers: &[(&str, String)],
        allow_list: &str,
        timeout_secs: i64,
    ) -> Result<OutboundResponse, OutboundError> {
        let parsed = url::Url::parse(url).map_err(|_| OutboundError::BadUrl)?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(OutboundError::BadUrl);
        }
        // Literal addresses never reach the resolver, so they are checked here.
        let literal = match parsed.host() {
            Some(url::Host::Ipv4(ip)) => Some(IpAddr::V4(ip)),
            Some(url::Host::Ipv6(ip)) => Some(IpAddr::V6(ip)),
            Some(url::Host::Domain(_)) => None,
            None => return Err(OutboundError::BadUrl),
        };
        if let Some(ip) = literal
            && !address_allowed(&ip.to_string(), ip, allow_list)
        {
            return Err(OutboundError::Forbidden);
        }
        if let Ok(mut a) = self.allowed.write() {
            allow_list.clone_into(&mut a);
        }
        let mut req = self
            .client
            .request(method, parsed)
            .timeout(Duration::from_secs(
                timeout_secs.clamp(1, 300).unsigned_abs(),
            ));
        for (k, v) in headers {
            req = req.header(*k, v.as_str());
        }
        req = match body {
            OutboundBody::None => req,
            OutboundBody::Json(b) => req.header("Content-Type", "application/json").body(b),
            OutboundBody::Form(f) => req
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body(f),
        };
        let res = req.send().await.map_err(|e| {
            if is_forbidden(&e) {
                OutboundError::Forbidden
            } else {
                OutboundError::Failed(e.to_string())
            }
        })?;
        let status = res.status().as_u16();
        let content_type = res
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        let mut body = Vec::new();
        let mut stream = res.bytes_stream();
        while let Some(chunk) = stream.next().await {
            let chunk = chunk.map_err(|e| OutboundError::Failed(e.to_string()))?;
            if body.len() + chunk.len() > MAX_RESPONSE_BYTES {
                return Err(OutboundError::TooLarge);
            }
            body.extend_from_slice(&chunk);
        }
        Ok(OutboundResponse {
            status,
            content_type,
            body,
        })
    }
}

fn is_forbidden(e: &reqwest::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(s) = source {
        if s.to_string().contains(FORBIDDEN_MARK) {
            return true;
        }
        source = s.source();
    }
    false
}

const FORBIDDEN_MARK: &str = "address forbidden by AllowedUntrustedInternalConnections";

impl From<OutboundError> for AppError {
    fn from(e: OutboundError) -> Self {
        AppError::bad_request(
            "api.integration.outbound.app_error",
            "The integration could not be reached.",
        )
        .with_detail(e.to_string())
    }
}

struct GuardedResolver {
    allowed: Arc<RwLock<String>>,
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let allow = self.allowed.read().map(|a| a.clone()).unwrap_or_default();
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let addrs: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let ok: Vec<SocketAddr> = addrs
                .into_iter()
                .filter(|a| address_allowed(&host, a.ip(), &allow))
                .collect();
            if ok.is_empty() {
                return Err(FORBIDDEN_MARK.into());
            }
            let it: Addrs = Box::new(ok.into_iter());
            Ok(it)
        })
    }
}

/// Whether `ip` (reached through `host`) may be called: public addresses always; internal ones
/// when the allow-list names the host, the address, or a CIDR range holding it.
pub fn address_allowed(host: &str, ip: IpAddr, allow_list: &str) -> bool {
    if !is_internal(ip) {
        return true;
    }
    allow_list
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|e| !e.is_empty())
        .any(|entry| {
            entry.eq_ignore_ascii_case(host)
                || entry.parse::<IpAddr>().is_ok_and(|a| a == ip)
                || in_cidr(entry, ip)
        })
}

fn in_cidr(entry: &str, ip: IpAddr) -> bool {
    let Some((net, bits)) = entry.split_once('/') else {
        return false;
    };
    let (Ok(net), Ok(bits)) = (net.parse::<IpAddr>(), bits.parse::<u32>()) else {
        return false;
    };
    match (net, ip) {
        (IpAddr::V4(n), IpAddr::V4(i)) if bits <= 32 => {
            let mask = u32::MAX.checked_shl(32 - bits).unwrap_or(0);
            u32::from(n) & mask == u32::from(i) & mask
        }
        (IpAddr::V6(n), IpAddr::V6(i)) if bits <= 128 => {
            let mask = u128::MAX.checked_shl(128 - bits).unwrap_or(0);
            u128::from(n) & mask == u128::from(i) & mask
        }
        _ => false,
    }
}

/// Loopback, private, link-local, unspecified, shared (CGNAT), unique-local and multicast.
fn is_internal(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let o = v4.octets();
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || (o[0] == 100 && (o[1] & 0xc0) == 64)
                || o[0] == 0
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_internal(IpAddr::V4(v4));
            }
            let seg = v6.segments();
            v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (seg[0] & 0xfe00) == 0xfc00
                || (seg[0] & 0xffc0) == 0xfe80
        }
    }
}

#[cfg(test)]
mod tests {
    use super::address_allowed;

    #[test]
    fn internal_addresses_need_the_allow_list() {
        let ip = |s: &str| s.parse().unwrap_or(std::net::IpAddr::from([0, 0, 0, 0]));
        assert!(address_allowed("example.com", ip("93.184.216.34"), ""));
        for internal in [
            "127.0.0.1",
            "10.1.2.3",
            "192.168.0.9",
            "169.254.169.254",
            "::1",
            "fd00::1",
            "::ffff:127.0.0.1",
            "0.0.0.0",
        ] {
            assert!(!address_allowed("h", ip(internal), ""), "{internal}");
        }
        assert!(address_allowed("h", ip("127.0.0.1"), "127.0.0.1"));
        assert!(address_allowed(
            "h",
            ip("10.1.2.3"),
            "192.168.0.0/16, 10.0.0.0/8"
        ));
        assert!(!address_allowed("h", ip("10.1.2.3"), "10.2.0.0/16"));
        assert!(address_allowed(
            "ci.internal",
            ip("10.1.2.3"),
            "ci.internal"
        ));
    }
}

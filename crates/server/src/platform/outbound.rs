//! Where the server may connect on a tenant's behalf (webhook deliveries). An administrator
//! types the URL, so without a guard a webhook is a way into the server's own network
//! (SSRF). Never reached, whatever the setting: unspecified, link-local (cloud metadata
//! services live there: 169.254.169.254, and Alibaba Cloud's 100.100.100.200), multicast and
//! broadcast addresses. With `--webhook-networks public` (a server shared by companies)
//! loopback, private and carrier-grade NAT networks are refused too; the default (`any`)
//! lets one company's server call its own intranet. A name is resolved once and the
//! connection is pinned to the addresses checked, so it cannot be re-pointed between the
//! check and the call.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

/// Which networks webhook deliveries may reach.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum WebhookNetworks {
    /// Public and private networks (one company's own server).
    #[default]
    Any,
    /// The public internet only (a server shared by several companies).
    Public,
}

impl std::str::FromStr for WebhookNetworks {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "any" => Ok(Self::Any),
            "public" => Ok(Self::Public),
            other => Err(format!("`{other}`: expected `any` or `public`")),
        }
    }
}

/// Alibaba Cloud's metadata service, outside the link-local range.
const ALIBABA_METADATA: Ipv4Addr = Ipv4Addr::new(100, 100, 100, 200);

fn v4_allowed(ip: Ipv4Addr, networks: WebhookNetworks) -> bool {
    let never = ip.is_unspecified()
        || ip.is_link_local()
        || ip.is_multicast()
        || ip.is_broadcast()
        || ip == ALIBABA_METADATA
        || ip.octets()[0] == 0;
    let shared = ip.is_loopback()
        || ip.is_private()
        // 100.64.0.0/10, carrier-grade NAT and cloud-internal ranges.
        || (ip.octets()[0] == 100 && (ip.octets()[1] & 0xC0) == 64)
        // 198.18.0.0/15, benchmarking networks.
        || (ip.octets()[0] == 198 && (ip.octets()[1] & 0xFE) == 18);
    !never && (networks == WebhookNetworks::Any || !shared)
}

fn v6_allowed(ip: Ipv6Addr, networks: WebhookNetworks) -> bool {
    if let Some(v4) = ip.to_ipv4_mapped() {
        return v4_allowed(v4, networks);
    }
    let first = ip.segments()[0];
    let never = ip.is_unspecified()
        || ip.is_multicast()
        // fe80::/10, link-local.
        || (first & 0xFFC0) == 0xFE80
        // fd00:ec2::254, the AWS metadata service over IPv6.
        || ip == Ipv6Addr::new(0xFD00, 0x0EC2, 0, 0, 0, 0, 0, 0x0254);
    let shared = ip.is_loopback()
        // fc00::/7, unique local.
        || (first & 0xFE00) == 0xFC00;
    !never && (networks == WebhookNetworks::Any || !shared)
}

/// Whether a delivery may connect to `ip`.
#[must_use]
pub fn allowed(ip: IpAddr, networks: WebhookNetworks) -> bool {
    match ip {
        IpAddr::V4(v4) => v4_allowed(v4, networks),
        IpAddr::V6(v6) => v6_allowed(v6, networks),
    }
}

/// Why a URL may not be called.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// It names, or its name resolves to, an address the guard refuses.
    NotAllowed(IpAddr),
    /// Its name does not resolve (now).
    Unresolvable,
    /// Not an absolute `http(s)` URL with a host.
    NotAUrl,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NotAllowed(ip) => write!(f, "the address {ip} may not be called"),
            Self::Unresolvable => f.write_str("the host name does not resolve"),
            Self::NotAUrl => f.write_str("not an http(s) URL"),
        }
    }
}

/// A URL checked for calling: its host, and the addresses a connection may use (empty when
/// the host is an address itself, already checked).
#[derive(Debug, Clone)]
pub struct Target {
    pub host: String,
    pub addrs: Vec<SocketAddr>,
}

/// Resolves the URL's host and checks every address it names.
///
/// # Errors
/// The first refused address, an unresolvable name, or a URL without a host.
pub async fn check(url: &str, networks: WebhookNetworks) -> Result<Target, Refusal> {
    let url = reqwest::Url::parse(url).map_err(|_| Refusal::NotAUrl)?;
    let port = url.port_or_known_default().ok_or(Refusal::NotAUrl)?;
    let host = url.host_str().ok_or(Refusal::NotAUrl)?;
    // An IPv6 host is written in brackets.
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    if let Ok(ip) = bare.parse::<IpAddr>() {
        return literal(ip, networks);
    }
    // A slow resolver must not hold the request: past two seconds the name counts as
    // unresolvable for now.
    let lookup = tokio::time::timeout(
        std::time::Duration::from_secs(2),
        tokio::net::lookup_host((host, port)),
    );
    let addrs: Vec<SocketAddr> = lookup
        .await
        .map_err(|_| Refusal::Unresolvable)?
        .map_err(|_| Refusal::Unresolvable)?
        .collect();
    if addrs.is_empty() {
        return Err(Refusal::Unresolvable);
    }
    if let Some(bad) = addrs.iter().find(|a| !allowed(a.ip(), networks)) {
        return Err(Refusal::NotAllowed(bad.ip()));
    }
    Ok(Target {
        host: host.to_owned(),
        addrs,
    })
}

fn literal(ip: IpAddr, networks: WebhookNetworks) -> Result<Target, Refusal> {
    if allowed(ip, networks) {
        Ok(Target {
            host: ip.to_string(),
            addrs: Vec::new(),
        })
    } else {
        Err(Refusal::NotAllowed(ip))
    }
}

/// An HTTP client that reaches `target` only at its checked addresses, follows no redirect
/// and gives up after ten seconds.
///
/// # Errors
/// When the TLS backend cannot start.
pub fn client_for(target: &Target) -> Result<reqwest::Client, reqwest::Error> {
    let mut builder = reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(10))
        .redirect(reqwest::redirect::Policy::none());
    if !target.addrs.is_empty() {
        builder = builder.resolve_to_addrs(&target.host, &target.addrs);
    }
    builder.build()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(ip: &str, n: WebhookNetworks) -> bool {
        allowed(ip.parse().unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED)), n)
    }

    #[test]
    fn metadata_link_local_and_unspecified_are_never_called() {
        for n in [WebhookNetworks::Any, WebhookNetworks::Public] {
            for ip in [
                "169.254.169.254",
                "100.100.100.200",
                "0.0.0.0",
                "0.1.2.3",
                "224.0.0.1",
                "255.255.255.255",
                "::",
                "fe80::1",
                "fd00:ec2::254",
                "::ffff:169.254.169.254",
                "ff02::1",
            ] {
                assert!(!ok(ip, n), "{ip} under {n:?}");
            }
            assert!(ok("203.0.113.7", n) || n == WebhookNetworks::Public);
            assert!(ok("8.8.8.8", n));
            assert!(ok("2001:4860:4860::8888", n));
        }
    }

    #[test]
    fn private_networks_only_when_allowed() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.5",
            "192.168.1.10",
            "100.64.0.1",
            "198.18.0.1",
            "::1",
            "fd12:3456::1",
            "::ffff:10.0.0.1",
        ] {
            assert!(ok(ip, WebhookNetworks::Any), "{ip} allowed by default");
            assert!(!ok(ip, WebhookNetworks::Public), "{ip} refused when public");
        }
        assert!(
            ok("172.32.0.1", WebhookNetworks::Public),
            "outside 172.16/12"
        );
        assert!(
            ok("100.128.0.1", WebhookNetworks::Public),
            "outside 100.64/10"
        );
    }

    #[test]
    fn the_setting_is_read_from_its_words() {
        assert_eq!("public".parse(), Ok(WebhookNetworks::Public));
        assert_eq!(" ANY ".parse(), Ok(WebhookNetworks::Any));
        assert!("intranet".parse::<WebhookNetworks>().is_err());
    }

    #[tokio::test]
    async fn names_are_resolved_and_every_address_checked() {
        let public = WebhookNetworks::Public;
        assert!(matches!(
            check("http://localhost:9/hook", public).await,
            Err(Refusal::NotAllowed(ip)) if ip.is_loopback()
        ));
        let t = check("http://localhost:9/hook", WebhookNetworks::Any).await;
        assert!(t.is_ok_and(|t| t.host == "localhost"
            && t.addrs
                .iter()
                .all(|a| a.ip().is_loopback() && a.port() == 9)));
        assert_eq!(
            check(
                "http://169.254.169.254/latest/meta-data",
                WebhookNetworks::Any
            )
            .await
            .err(),
            Some(Refusal::NotAllowed(IpAddr::V4(Ipv4Addr::new(
                169, 254, 169, 254
            ))))
        );
        assert_eq!(
            check("http://[::ffff:a9fe:a9fe]/", WebhookNetworks::Any)
                .await
                .err(),
            Some(Refusal::NotAllowed(
                "::ffff:169.254.169.254"
                    .parse()
                    .unwrap_or(IpAddr::V6(Ipv6Addr::UNSPECIFIED))
            ))
        );
        assert_eq!(
            check("http://no-such-host.invalid/", WebhookNetworks::Any)
                .await
                .err(),
            Some(Refusal::Unresolvable)
        );
        assert_eq!(
            check("mailto:x@y", WebhookNetworks::Any).await.err(),
            Some(Refusal::NotAUrl)
        );
    }
}

//! Whether a website string from the source is an address we may link to.
//!
//! Deliberately strict: only `http://` or `https://`, an ASCII host of at least two labels whose
//! last label is a real top-level domain. A fragment such as `http://www.images-et-ré` or a typo
//! such as `.fe` fails, so the app never links to a broken or hostile address.

/// Country-code TLDs (ISO 3166-1 alpha-2 plus the few exceptions in use) and common generic TLDs,
/// sorted for binary search.
const TLDS: &[&str] = &[
    "ac",
    "ad",
    "ae",
    "aero",
    "af",
    "africa",
    "ag",
    "agency",
    "ai",
    "al",
    "alsace",
    "am",
    "ao",
    "app",
    "aq",
    "ar",
    "as",
    "asia",
    "at",
    "au",
    "aw",
    "ax",
    "az",
    "ba",
    "barcelona",
    "bayern",
    "bb",
    "bd",
    "be",
    "berlin",
    "bf",
    "bg",
    "bh",
    "bi",
    "biz",
    "bj",
    "bm",
    "bn",
    "bo",
    "bq",
    "br",
    "bs",
    "bt",
    "bw",
    "by",
    "bz",
    "bzh",
    "ca",
    "cat",
    "cc",
    "cd",
    "center",
    "cf",
    "cg",
    "ch",
    "ci",
    "ck",
    "cl",
    "cloud",
    "club",
    "cm",
    "cn",
    "co",
    "com",
    "company",
    "coop",
    "cr",
    "cu",
    "cv",
    "cw",
    "cx",
    "cy",
    "cz",
    "de",
    "design",
    "dev",
    "digital",
    "dj",
    "dk",
    "dm",
    "do",
    "dz",
    "ec",
    "edu",
    "ee",
    "eg",
    "energy",
    "er",
    "es",
    "et",
    "eu",
    "eus",
    "events",
    "fi",
    "fj",
    "fk",
    "fm",
    "fo",
    "fr",
    "ga",
    "gal",
    "gd",
    "ge",
    "gf",
    "gg",
    "gh",
    "gi",
    "gl",
    "global",
    "gm",
    "gn",
    "gov",
    "gp",
    "gq",
    "gr",
    "group",
    "gs",
    "gt",
    "gu",
    "gw",
    "gy",
    "hamburg",
    "health",
    "hk",
    "hm",
    "hn",
    "hr",
    "ht",
    "hu",
    "id",
    "ie",
    "il",
    "im",
    "in",
    "industries",
    "info",
    "int",
    "io",
    "iq",
    "ir",
    "is",
    "it",
    "je",
    "jm",
    "jo",
    "jobs",
    "jp",
    "ke",
    "kg",
    "kh",
    "ki",
    "km",
    "kn",
    "kp",
    "kr",
    "kw",
    "ky",
    "kz",
    "la",
    "lb",
    "lc",
    "li",
    "lk",
    "lr",
    "ls",
    "lt",
    "lu",
    "lv",
    "ly",
    "ma",
    "madrid",
    "mc",
    "md",
    "me",
    "media",
    "mg",
    "mh",
    "mil",
    "mk",
    "ml",
    "mm",
    "mn",
    "mo",
    "mobi",
    "mp",
    "mq",
    "mr",
    "ms",
    "mt",
    "mu",
    "museum",
    "mv",
    "mw",
    "mx",
    "my",
    "mz",
    "na",
    "name",
    "nc",
    "ne",
    "net",
    "network",
    "nf",
    "ng",
    "ni",
    "nl",
    "no",
    "np",
    "nr",
    "nu",
    "nz",
    "om",
    "online",
    "org",
    "pa",
    "paris",
    "pe",
    "pf",
    "pg",
    "ph",
    "pk",
    "pl",
    "pm",
    "pn",
    "pr",
    "pro",
    "ps",
    "pt",
    "pw",
    "py",
    "qa",
    "quebec",
    "re",
    "ro",
    "rs",
    "ru",
    "rw",
    "sa",
    "sb",
    "sc",
    "science",
    "sd",
    "se",
    "services",
    "sg",
    "sh",
    "si",
    "site",
    "sk",
    "sl",
    "sm",
    "sn",
    "so",
    "solutions",
    "sr",
    "ss",
    "st",
    "store",
    "sv",
    "swiss",
    "sx",
    "sy",
    "systems",
    "sz",
    "tc",
    "td",
    "tech",
    "technology",
    "tel",
    "tf",
    "tg",
    "th",
    "tj",
    "tk",
    "tl",
    "tm",
    "tn",
    "to",
    "tr",
    "travel",
    "tt",
    "tv",
    "tw",
    "tz",
    "ua",
    "ug",
    "uk",
    "us",
    "uy",
    "uz",
    "va",
    "vc",
    "ve",
    "vg",
    "vi",
    "vn",
    "vu",
    "wf",
    "wien",
    "ws",
    "ye",
    "yt",
    "za",
    "zm",
    "zw",
];

/// Longest address we link to; longer strings are kept as text.
const MAX_URL_LEN: usize = 2048;

fn host_of(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    if authority.contains('@') {
        return None; // user-info in a link is a phishing trick, never needed here
    }
    let host = match authority.rsplit_once(':') {
        Some((host, port)) if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => host,
        Some(_) => return None,
        None => authority,
    };
    Some(host)
}

/// The host of an http(s) URL in lower case, for search. `None` when there is none.
pub fn website_host(url: &str) -> Option<String> {
    let lower = url.trim().to_ascii_lowercase();
    let host = host_of(&lower).map(str::to_string);
    host.or_else(|| {
        // "www.example.com" without a scheme still names a host worth searching by.
        lower.starts_with("www.").then(|| {
            lower
                .split(['/', '?', '#'])
                .next()
                .unwrap_or_default()
                .to_string()
        })
    })
}

/// True only for a well-formed http/https URL with a plausible host.
pub fn website_is_ok(url: &str) -> bool {
    if url.len() > MAX_URL_LEN || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return false;
    }
    let lower = url.to_ascii_lowercase();
    let Some(host) = host_of(&lower) else {
        return false;
    };
    let labels: Vec<&str> = host.split('.').collect();
    if labels.len() < 2 {
        return false;
    }
    let label_ok = |l: &&str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    };
    if !labels.iter().all(label_ok) {
        return false;
    }
    let tld = labels[labels.len() - 1];
    TLDS.binary_search(&tld).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usable_websites() {
        fn check(url: &str, ok: bool) {
            assert_eq!(website_is_ok(url), ok, "{url}");
        }
        check("http://www.example.com", true);
        check("https://www.aclima.eus/en/", true);
        check("HTTPS://Cluster.ES", true);
        check("http://www.example.com:8080/a?b#c", true);
        check("http://www.images-et-ré", false);
        check("http://www.polenucleairebourgogne.fe", false);
        check("www.example.com", false);
        check("javascript:alert(1)", false);
        check("data:text/html,<script>alert(1)</script>", false);
        check("http://localhost", false);
        check("http://user@evil.com", false);
        check("http://a..com", false);
        check("http://exa mple.com", false);
        check("ftp://example.com", false);
        check("http://example.com:x", false);
        check("", false);
    }

    #[test]
    fn tlds_are_sorted_for_binary_search() {
        assert!(TLDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn hosts() {
        assert_eq!(
            website_host("https://www.Example.com/x").as_deref(),
            Some("www.example.com")
        );
        assert_eq!(website_host("www.a.es/b").as_deref(), Some("www.a.es"));
        assert_eq!(
            website_host("http://www.images-et-ré").as_deref(),
            Some("www.images-et-ré")
        );
        assert_eq!(website_host("nonsense"), None);
    }
}

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

/// `url` after an http or https scheme, in any case.
fn after_scheme(url: &str) -> Option<&str> {
    ["https://", "http://"].iter().find_map(|scheme| {
        let head = url.get(..scheme.len())?;
        head.eq_ignore_ascii_case(scheme)
            .then(|| &url[scheme.len()..])
    })
}

/// The host of an http(s) URL, as written. Works on bytes and allocates nothing: it runs for
/// every website of the dataset at load.
fn host_of(url: &str) -> Option<&str> {
    let rest = after_scheme(url)?;
    let end = rest
        .bytes()
        .position(|b| matches!(b, b'/' | b'?' | b'#'))
        .unwrap_or(rest.len());
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

/// The host of a website, as written (in any case), for search. `None` when there is none.
pub fn website_host_as_written(url: &str) -> Option<&str> {
    let url = url.trim();
    host_of(url).or_else(|| {
        // "www.example.com" without a scheme still names a host worth searching by.
        url.get(..4)
            .is_some_and(|head| head.eq_ignore_ascii_case("www."))
            .then(|| url.split(['/', '?', '#']).next().unwrap_or_default())
    })
}

/// The host of a website in lower case, as shown. `None` when there is none.
pub fn website_host(url: &str) -> Option<String> {
    website_host_as_written(url).map(str::to_ascii_lowercase)
}

/// True only for a well-formed http/https URL with a plausible host.
pub fn website_is_ok(url: &str) -> bool {
    // In ASCII, the whitespace and control characters are exactly the bytes up to the space,
    // and DEL: checked as bytes, without decoding characters.
    let bad_text = if url.is_ascii() {
        url.bytes().any(|b| b <= b' ' || b == 0x7f)
    } else {
        url.chars().any(|c| c.is_whitespace() || c.is_control())
    };
    if url.len() > MAX_URL_LEN || bad_text {
        return false;
    }
    let Some(host) = host_of(url) else {
        return false;
    };
    let label_ok = |l: &str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    };
    if !host.split('.').all(label_ok) {
        return false;
    }
    match host.rsplit_once('.') {
        // TLDS is sorted, and in lower case; the host may not be.
        Some((_, tld)) => TLDS
            .binary_search_by(|t| t.bytes().cmp(tld.bytes().map(|b| b.to_ascii_lowercase())))
            .is_ok(),
        None => false,
    }
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
        check("https://", false);
        check("http:/a.com", false);
        check("HTTP://WWW.EXAMPLE.COM/PATH", true);
        check("http://example.com/\u{7f}", false);
        check("http://example.com/\t", false);
        check("http://example.com/\u{a0}", false);
        check("http://example.com/\u{85}", false);
        check("http://example.com/é", true);
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
        assert_eq!(website_host(" WWW.A.ES?q").as_deref(), Some("www.a.es"));
        assert_eq!(website_host("HTTP://A.Es:80/x").as_deref(), Some("a.es"));
    }
}

//! Bearer tokens: `pg_<id>_<secret>`. The id is public and finds the stored row; only a
//! SHA-256 hash of the secret is stored, and the presented secret's hash is compared in
//! constant time.

use rand::Rng;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

const PREFIX: &str = "pg_";
const ID_LEN: usize = 12;
const SECRET_BYTES: usize = 32;

/// A freshly issued token: the text is shown once, the hash is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedToken {
    pub id: String,
    /// The whole token, to hand to its holder; never stored.
    pub token: String,
    pub secret_hash: Vec<u8>,
}

/// The parts of a presented token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedToken<'a> {
    pub id: &'a str,
    pub secret: &'a str,
}

/// Issues a new random token.
pub fn issue() -> IssuedToken {
    const ALPHABET: &[u8] = b"0123456789abcdefghjkmnpqrstvwxyz";
    let mut rng = rand::rng();
    let id: String = (0..ID_LEN)
        .map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]))
        .collect();
    let mut secret = [0u8; SECRET_BYTES];
    rng.fill(&mut secret[..]);
    let secret = hex::encode(secret);
    IssuedToken {
        secret_hash: hash_secret(&secret),
        token: format!("{PREFIX}{id}_{secret}"),
        id,
    }
}

/// The stored form of a secret.
pub fn hash_secret(secret: &str) -> Vec<u8> {
    Sha256::digest(secret.as_bytes()).to_vec()
}

/// Splits a presented token; `None` if it is not of our form.
pub fn parse(token: &str) -> Option<ParsedToken<'_>> {
    let rest = token.strip_prefix(PREFIX)?;
    let (id, secret) = rest.split_once('_')?;
    let valid_id = id.len() == ID_LEN && id.bytes().all(|b| b.is_ascii_alphanumeric());
    let valid_secret =
        secret.len() == SECRET_BYTES * 2 && secret.bytes().all(|b| b.is_ascii_hexdigit());
    (valid_id && valid_secret).then_some(ParsedToken { id, secret })
}

/// Whether a presented secret matches the stored hash, in time independent of where
/// they differ.
pub fn secret_matches(secret: &str, stored_hash: &[u8]) -> bool {
    hash_secret(secret).ct_eq(stored_hash).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issued_tokens_parse_and_verify() {
        let t = issue();
        let p = parse(&t.token).expect("own tokens parse");
        assert_eq!(p.id, t.id);
        assert!(secret_matches(p.secret, &t.secret_hash));
        let other = issue();
        assert!(!secret_matches(p.secret, &other.secret_hash));
        assert_ne!(t.token, other.token);
    }

    #[test]
    fn malformed_tokens_do_not_parse() {
        let t = issue();
        assert!(parse(&t.token[1..]).is_none());
        assert!(parse(&t.token[..t.token.len() - 1]).is_none());
        assert!(parse("pg_abc_def").is_none());
        assert!(parse("").is_none());
        let bad = t.token.replace('_', "-");
        assert!(parse(&bad).is_none());
    }
}

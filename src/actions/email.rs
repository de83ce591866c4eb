//! A reader's email: giving an address and proving it, changing it with the
//! old address's consent, resetting a forgotten password by mail, and
//! choosing which notifications come by mail.

use std::sync::Arc;

use crate::auth::secret;
use crate::domain::email::{self, Address, MAIL_KINDS, Purpose};
use crate::domain::username;
use crate::error::{ActionError, ActionResult};
use crate::mail::{Mailer, compose, send_later};
use crate::store::{AccountEmail, NewEmailToken, Store, StoreError, User};

/// What a reader is told when a site sends no mail.
pub const NO_MAIL: &str = "this site sends no mail: ask an admin to set a new password \
     (with `dogear user password NAME`)";

/// What every link that no longer works says, whatever the reason.
const SPENT: &str = "this link no longer works: it was used, it expired, or a newer one was sent";

/// The reader's address and any waiting to be proved.
pub async fn account_email(store: &Store, reader: &User) -> ActionResult<AccountEmail> {
    Ok(store.account_email(reader.id, super::now()).await?)
}

/// Makes a link of `purpose` for `address` and gives the secret to mail.
async fn new_link(
    store: &Store,
    user_id: i64,
    purpose: Purpose,
    address: &str,
) -> ActionResult<String> {
    let token = secret::new_secret();
    let now = super::now();
    store
        .create_email_token(&NewEmailToken {
            token_hash: secret::digest(&token),
            user_id,
            purpose: purpose.as_str(),
            address: address.to_string(),
            now,
            expires_at: now + purpose.lifetime(),
        })
        .await?;
    Ok(token)
}

fn need_mail(mailer: &Mailer, field: &'static str) -> ActionResult<()> {
    if mailer.configured() {
        Ok(())
    } else {
        Err(ActionError::invalid(field, NO_MAIL))
    }
}

/// The reader gives an address: with none yet, a link to prove it goes to
/// it; with one, the old address is asked to agree first. Either way the
/// address changes only once a link is followed.
pub async fn give_address(
    store: &Store,
    mailer: &Arc<Mailer>,
    reader: &User,
    input: &str,
) -> ActionResult<()> {
    super::may_write(reader)?;
    need_mail(mailer, "email")?;
    let address = Address::parse(input)?;
    let current = store.account_email(reader.id, super::now()).await?;
    match current.address {
        Some(old) if email::key(&old) == address.key() => Err(ActionError::invalid(
            "email",
            "that is already your address",
        )),
        Some(old) => {
            let token = new_link(store, reader.id, Purpose::Change, address.as_str()).await?;
            let link = mailer.link(&format!("/email/change?token={token}"));
            let letter = compose::change(&old, &reader.display_name, address.as_str(), &link);
            send_later(mailer.clone(), letter);
            Ok(())
        }
        None => {
            send_verification(
                store,
                mailer,
                reader.id,
                &reader.display_name,
                address.as_str(),
            )
            .await
        }
    }
}

async fn send_verification(
    store: &Store,
    mailer: &Arc<Mailer>,
    user_id: i64,
    name: &str,
    address: &str,
) -> ActionResult<()> {
    let token = new_link(store, user_id, Purpose::Verify, address).await?;
    let link = mailer.link(&format!("/email/verify?token={token}"));
    send_later(mailer.clone(), compose::verify(address, name, &link));
    Ok(())
}

/// The secret's digest, or the one answer for a link that does not work.
fn token_digest(token: &str) -> ActionResult<String> {
    if secret::well_formed(token.trim()) {
        Ok(secret::digest(token.trim()))
    } else {
        Err(ActionError::invalid("token", SPENT))
    }
}

/// Follows a link proving an address: it becomes the reader's. The address
/// it proves.
pub async fn verify(store: &Store, token: &str) -> ActionResult<String> {
    let digest = token_digest(token)?;
    match store
        .redeem(&digest, Purpose::Verify.as_str(), super::now())
        .await
    {
        Ok(Some((_, address))) => Ok(address),
        Ok(None) => Err(ActionError::invalid("token", SPENT)),
        Err(StoreError::Conflict(_)) => Err(ActionError::Conflict {
            field: "email",
            message: "that address is already another account's".into(),
        }),
        Err(e) => Err(e.into()),
    }
}

/// The old address agrees to the change: a link to prove the new one goes
/// to it. The new address.
pub async fn confirm_change(
    store: &Store,
    mailer: &Arc<Mailer>,
    token: &str,
) -> ActionResult<String> {
    let digest = token_digest(token)?;
    let Some((user_id, address)) = store
        .redeem(&digest, Purpose::Change.as_str(), super::now())
        .await?
    else {
        return Err(ActionError::invalid("token", SPENT));
    };
    let reader = store
        .user_by_id(user_id)
        .await?
        .ok_or(ActionError::NotFound("account"))?;
    send_verification(store, mailer, user_id, &reader.display_name, &address).await?;
    Ok(address)
}

/// Whether a link of `purpose` works, before the reader acts on it.
pub async fn link_works(store: &Store, token: &str, purpose: Purpose) -> ActionResult<()> {
    let digest = token_digest(token)?;
    let stored = store.email_token(&digest).await?;
    match stored {
        Some(t)
            if t.purpose == purpose.as_str()
                && email::usable(t.expires_at, t.used_at, super::now()).is_ok() =>
        {
            Ok(())
        }
        _ => Err(ActionError::invalid("token", SPENT)),
    }
}

/// What taking another account's address says.
const TAKEN: &str = "that address is already another account's";

/// An address an admin gives a new account, checked before the account is
/// made: well formed, and no other account's.
pub async fn free_address(store: &Store, input: &str) -> ActionResult<Address> {
    let address = Address::parse(input)?;
    if store.email_holder(&address.key()).await?.is_some() {
        return Err(ActionError::Conflict {
            field: "email",
            message: TAKEN.into(),
        });
    }
    Ok(address)
}

/// Gives an account the address its admin named. It counts as proved: the
/// site's operator vouches for it, and mail may not be set up yet to prove it.
pub async fn set_address_by_admin(
    store: &Store,
    reader: &User,
    address: &Address,
) -> ActionResult<()> {
    match store
        .set_email(reader.id, address.as_str(), &address.key(), super::now())
        .await
    {
        Err(StoreError::Conflict(_)) => Err(ActionError::Conflict {
            field: "email",
            message: TAKEN.into(),
        }),
        done => Ok(done?),
    }
}

/// The reader no longer wants mail at all.
pub async fn remove_address(store: &Store, reader: &User) -> ActionResult<()> {
    super::may_write(reader)?;
    Ok(store.clear_email(reader.id).await?)
}

/// Someone forgot a password: if `input` is an account's proved address, a
/// reset link goes to it. The answer is the same for any well-formed address.
pub async fn request_reset(store: &Store, mailer: &Arc<Mailer>, input: &str) -> ActionResult<()> {
    need_mail(mailer, "email")?;
    let address = Address::parse(input)?;
    let Some(user_id) = store.user_id_by_email(&address.key()).await? else {
        return Ok(());
    };
    let Some(reader) = store.user_by_id(user_id).await? else {
        return Ok(());
    };
    let token = new_link(store, user_id, Purpose::Reset, address.as_str()).await?;
    let link = mailer.link(&format!("/reset?token={token}"));
    send_later(
        mailer.clone(),
        compose::reset(address.as_str(), &reader.display_name, &link),
    );
    Ok(())
}

/// Sets a new password by a reset link, once; every session ends. The reader.
pub async fn reset_password(store: &Store, token: &str, password: &str) -> ActionResult<User> {
    link_works(store, token, Purpose::Reset).await?;
    username::check_password(password)?;
    let hash = crate::auth::password::hash(password.to_string()).await?;
    let digest = token_digest(token)?;
    let Some(user_id) = store.redeem_reset(&digest, &hash, super::now()).await? else {
        return Err(ActionError::invalid("token", SPENT));
    };
    store
        .user_by_id(user_id)
        .await?
        .ok_or(ActionError::NotFound("account"))
}

/// One kind of mail and whether the reader asked for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailChoice {
    pub kind: &'static str,
    pub label: &'static str,
    pub wanted: bool,
}

/// Every kind of mail, each with whether the reader asked for it.
pub async fn mail_choices(store: &Store, reader: &User) -> ActionResult<Vec<MailChoice>> {
    let wanted = store.mail_wanted(reader.id).await?;
    Ok(MAIL_KINDS
        .iter()
        .map(|(kind, label)| MailChoice {
            kind,
            label,
            wanted: wanted.iter().any(|w| w == kind),
        })
        .collect())
}

/// Makes `wanted` exactly the kinds of mail the reader gets; an unknown kind
/// is refused.
pub async fn set_mail_choices(
    store: &Store,
    reader: &User,
    wanted: &[&str],
) -> ActionResult<Vec<MailChoice>> {
    super::may_write(reader)?;
    let mut kinds = Vec::new();
    for name in wanted {
        let kind = email::mail_kind(name).ok_or_else(|| {
            ActionError::invalid("mail", format!("there is no mail called {name:?}"))
        })?;
        kinds.push(kind.to_string());
    }
    store.set_mail_wanted(reader.id, &kinds).await?;
    mail_choices(store, reader).await
}

/// The one-click way out a mail carries: stops that kind of mail to that
/// reader, if the link is the site's. Whether it was coming.
pub async fn unsubscribe(
    store: &Store,
    mailer: &Mailer,
    user_id: i64,
    kind: &str,
    sig: &str,
) -> ActionResult<bool> {
    let Some(kind) = email::mail_kind(kind) else {
        return Err(ActionError::invalid(
            "kind",
            "there is no such kind of mail",
        ));
    };
    if !mailer.signed(user_id, kind, sig) {
        return Err(ActionError::invalid(
            "sig",
            "this unsubscribe link is not one the site sent",
        ));
    }
    Ok(store.unsubscribe(user_id, kind).await?)
}

//! The real scraped files of `tests/fixtures/aawsat` and `tests/fixtures/bbc` (copied unchanged
//! from the shared corpus): headlines, photos, credits and paragraphs as a reader sees them.

use newsreader::corpus::decode::Warning;
use newsreader::corpus::parse::{Parsed, Reason};
use newsreader::corpus::vocabulary::Furniture;

use crate::expect::*;

#[test]
fn aawsat_arab_world_5047776_page5() {
    let parsed = fixture("aawsat/aawsat_arab-world_5047776_page5.txt");
    assert_articles(
        &parsed,
        &[Expect {
            headline: "Leading Houthi Figure Killed in US Strike on Iraq",
            photos: 1,
            caption: Some(
                "Protesters hold up posters of Hezbollah senior commander Fuad Shukr, who was killed in an Israeli strike, and assassinated Hamas chief Ismail Haniyeh, during a protest to show solidarity with Palestinian prisoners, outside the United Nations offices in Sanaa, Yemen, August 3, 2024.",
            ),
            credit: Some("(Reuters)"),
            paragraphs: 4,
            first: Some(
                "The Houthi group in Yemen has admitted that one of its leaders was killed in a recent US strike in Iraq’s Jurf al-Sakhar area. This highlights the support they receive from Iranian experts and groups allied with Tehran.",
            ),
            last: Some("He was killed in US airstrikes on a drone facility in Jurf al-Sakhar, operated by"),
        }],
    );
    assert_eq!(parsed.removed.len(), 5);
}

#[test]
fn aawsat_arab_world_5104889() {
    let parsed = fixture("aawsat/aawsat_arab-world_5104889.txt");
    assert_articles(
        &parsed,
        &[
            Expect {
                headline: "US Says Rubio Held Call with Yemeni PM to Discuss Houthi Attacks",
                photos: 1,
                caption: Some(
                    "A protester carries a mock rocket during a pro-Palestinian rally in Sanaa, Yemen, 22 January 2025.",
                ),
                credit: Some("(EPA)"),
                paragraphs: 5,
                first: Some(
                    "US Secretary of State Marco Rubio spoke with Yemeni Prime Minister Ahmed bin Mubarak on Friday and discussed cooperation to stop attacks by the Houthi militias in the region and eliminate their capabilities, the State Department said.",
                ),
                last: Some(
                    "He added that he looks forward to continuing to support the Yemeni government in confronting the Iran-backed Houthis.",
                ),
            },
            Expect {
                headline: "Sudan Army Surrounds Khartoum Airport and Nearby Areas",
                photos: 1,
                caption: Some("A fighter loyal to the army patrols a market area in Khartoum on March 24, 2025."),
                credit: Some("(AFP)"),
                paragraphs: 1,
                first: Some(
                    "The Sudanese army is encircling Khartoum airport and surrounding areas, two military sources",
                ),
                last: Some(
                    "The Sudanese army is encircling Khartoum airport and surrounding areas, two military sources",
                ),
            },
        ],
    );
    assert_eq!(parsed.removed.len(), 12);
}

#[test]
fn aawsat_home_article_1090441() {
    let parsed = fixture("aawsat/aawsat_home_article_1090441.txt");
    assert_articles(
        &parsed,
        &[Expect {
            headline: "Condemning 'Hezbollah' Confuses Beirut",
            photos: 1,
            caption: Some("Aboul Gheit met on Monday with President Michel Aoun at the Baabda Palace"),
            credit: Some("NNA"),
            paragraphs: 9,
            first: Some(
                "Beirut observed on Monday a state of confusion amid fears from an open crisis in the country, one day after the Arabs condemned Lebanon's terrorist Hezbollah as a partner in the government, and on the eve of ongoing Prime Minister Saad Hariri’s comeback to the country.",
            ),
            last: Some(
                "Also, the French diplomacy was still holding talks with Arab and international parties to de-escalate tension in the region and to find exits to the crisis in Leban",
            ),
        }],
    );
    // The site line is the article's source; only the headline's copy is removed.
    assert_eq!(parsed.removed.len(), 1);
}

#[test]
fn aawsat_home_article_1096156() {
    let parsed = fixture("aawsat/aawsat_home_article_1096156.txt");
    assert_articles(
        &parsed,
        &[Expect {
            headline: "UK’s ICO Warns from Children’s Smart Toys, Watches",
            photos: 1,
            caption: Some(
                "Journalists check out the Samsung Galaxy Gear smartwatch at the booth of Samsung during a media preview day at the IFA consumer electronics fair in Berlin, September 5, 2013",
            ),
            credit: Some("REUTERS/Fabrizio Bensch"),
            paragraphs: 6,
            first: Some(
                "UK’s Information Commissioner's’ Office (ICO) has warned parents that cameras and microphones connected to smart toys could be hacked and thus expose children to serious dangers.",
            ),
            last: Some(
                "Wood noted: “One of the main selling points of children’s smart watches is the ability for parents to know where their children are at all times. How",
            ),
        }],
    );
    assert_eq!(parsed.removed.len(), 11);
}

#[test]
fn aawsat_home_article_1416241_page3() {
    let parsed = fixture("aawsat/aawsat_home_article_1416241_page3.txt");
    assert_articles(
        &parsed,
        &[
            Expect {
                headline: "World Bank: Likely Growth in MENA Economies",
                photos: 0,
                caption: None,
                credit: None,
                paragraphs: 6,
                first: Some(
                    "New World Bank report forecasts growth in the Middle East and North Africa (MENA) to hit an average of 2 percent, compared to an average of 1.4 percent in 2017.",
                ),
                last: Some(
                    "The WB expected Egypt’s growth to hit 5.6 percent during the fiscal year 2019, supported by private consumption, a recovery in the tourism sector and the operationalization of recently discovered gas fields.",
                ),
            },
            Expect {
                headline: "UK Economy Grows 0.5% in February, Official Figures Show",
                photos: 1,
                caption: Some(
                    "Commuters walk as the sun rises behind Tower Bridge and the Canary Wharf financial district, in London, Britain, April 11, 2025.",
                ),
                credit: Some("REUTERS/Isabel Infantes"),
                paragraphs: 0,
                first: None,
                last: None,
            },
        ],
    );
    assert_eq!(parsed.removed.len(), 10);
}

#[test]
fn aawsat_node_1062421() {
    let parsed = fixture("aawsat/aawsat_node_1062421.txt");
    assert_articles(
        &parsed,
        &[Expect {
            headline: "Macron Stresses Security with Egyptian Leader Sisi",
            photos: 1,
            caption: Some(
                "Egyptian President Abdel Fattah al-Sisi attends a military ceremony at the Hotel des Invalides in Paris on October 24, 2017",
            ),
            credit: Some("(AFP Photo/CHARLES PLATIAU)"),
            paragraphs: 8,
            first: Some(
                "French President Emmanuel Macron backed visiting Egyptian leader Abdel Fattah al-Sisi in his country's fight against terrorism on Tuesday.",
            ),
            last: Some("They include an order for 24 fighter jets from the Rafale series for which France had lon"),
        }],
    );
    assert_eq!(parsed.removed.len(), 5);
}

#[test]
fn aawsat_node_2269906() {
    let parsed = fixture("aawsat/aawsat_node_2269906.txt");
    assert_articles(
        &parsed,
        &[Expect {
            headline: "Egypt Reopens Slowly, Extends Trading Hours to Revive Economy",
            photos: 1,
            caption: Some(
                "Egypt has loosened a strict curfew for the Muslim holy month of Ramadan in an effort to kickstart North Africa's largest economy",
            ),
            credit: Some("AFP"),
            paragraphs: 6,
            first: Some(
                "Egypt's economy had just started to recover after years as the novel coronavirus crisis impacted its vital tourism sector. The government has loosened a strict curfew for the Muslim holy month of Ramadan in an effort to economy as it brings back many state workers to work and extends the trading hours of shops and malls. Shops and cafes were shut in late March and millions were forced of civil servants to stay home.",
            ),
            last: Some(
                "Dabaa had expected this season to also be profitable, but a string of cancelled bookings signals a bumpy road to recovery. Slow growt",
            ),
        }],
    );
    assert_eq!(parsed.removed.len(), 5);
}

#[test]
fn aawsat_node_5070847() {
    let parsed = fixture("aawsat/aawsat_node_5070847.txt");
    assert_articles(
        &parsed,
        &[Expect {
            headline: "Israel Kills at Least 21 in Strike on Christian Town in North Lebanon",
            photos: 1,
            caption: Some(
                "Rescuers work at a site damaged by an Israeli air strike in the Christian-majority region of Aitou in north Lebanon, the Lebanese health ministry said, October 14, 2024.",
            ),
            credit: Some("(Reuters)"),
            paragraphs: 6,
            first: Some(
                "Israel expanded its targets in its war with Hezbollah fighters in Lebanon on Monday, killing at least 21 people in an airstrike in the north, health officials said, while millions of Israelis took shelter from projectiles fired back across the border.",
            ),
            last: Some("Prime Minister"),
        }],
    );
    assert_eq!(parsed.removed.len(), 5);
}

#[test]
fn arabnews_node_1894806() {
    let parsed = fixture("aawsat/arabnews_node_1894806.txt");
    assert_articles(
        &parsed,
        &[Expect {
            headline: "Third Saudi plane carrying COVID-19 aid arrives in Tunisia",
            photos: 1,
            caption: Some(
                "The planes, flown by the King Salman Humanitarian Aid and Relief Center, arrived in the Tunisian capital.",
            ),
            credit: Some("(SPA)"),
            paragraphs: 1,
            first: Some(
                "RIYADH: A third plane carrying medical supplies to help combat the spread of COVID-19 arrived in Tunisia on Thursday on an air bridge se",
            ),
            last: Some(
                "RIYADH: A third plane carrying medical supplies to help combat the spread of COVID-19 arrived in Tunisia on Thursday on an air bridge se",
            ),
        }],
    );
    assert_eq!(parsed.removed.len(), 20);
}

#[test]
fn business_001() {
    let parsed = fixture("bbc/business_001.txt");
    assert_articles(
        &parsed,
        &[Expect {
            headline: "Ad sales boost Time Warner profit",
            photos: 0,
            caption: None,
            credit: None,
            paragraphs: 5,
            first: Some(
                "Quarterly profits at US media giant TimeWarner jumped 76% to $1.13bn (£600m) for the three months to December, from $639m year-earlier.",
            ),
            last: Some(
                "TimeWarner is to restate its accounts as part of efforts to resolve an inquiry into AOL by US market regulators. It has already offered to pay $300m to settle charges, in a deal that is under review by the SEC. The company said it was unable to estimate the amount it needed to set aside for legal reserves, which it previously set at $500m. It intends to adjust the way it accounts for a deal with German music publisher Bertelsmann's purchase of a stake in AOL Europe, which it had reported as advertising revenue. It will now book the sale of its stake in AOL Europe as a loss on the value of that stake.",
            ),
        }],
    );
    assert_eq!(parsed.removed.len(), 0);
}

#[test]
fn business_291() {
    let parsed = fixture("bbc/business_291.txt");
    assert_articles(
        &parsed,
        &[Expect {
            headline: "Tobacco giants hail court ruling",
            photos: 0,
            caption: None,
            credit: None,
            paragraphs: 5,
            first: Some(
                "US tobacco companies have welcomed an appeal court's decision to reject the government's $280bn (£155bn) claim for alleged deceit about smoking dangers.",
            ),
            last: Some(
                "Prosecutors wanted the cigarette firms to \"disgorge\" $280bn in profits accumulated over the past 50 years and impose tougher rules on marketing their products. They brought the case under racketeering laws, which were passed to deny mafia gangs the profits of their crimes. But the tobacco companies denied that they illegally conspired to promote smoking and defraud the public. They also said they had already met many of the government's demands in a landmark $206bn settlement reached with 46 states in 1998. The three-judge panel in the District of Columbia's Court of Appeals ruled on Friday that the US government could not sue the firms under the anti-racketeering laws. Judge David Sentelle, in his ruling, said such laws were aimed at putting an end to illegal conduct going forward. \"We hold that the language of (the law) and the comprehensive remedial scheme of (the law) preclude disgorgement as a possible remedy in this case,\" he wrote. The Justice Department refused to say if it would appeal. \"All we're saying today is that we have received the ruling and are reviewing it,\" a spokeswoman said on Friday. But William Corr of the Campaign for Tobacco-Free Kids urged the government to continue pressing its case. \"Today's ruling should not be an excuse for this administration to seek a weak settlement that lets the tobacco industry off the hook,\" he said.",
            ),
        }],
    );
    assert_eq!(parsed.removed.len(), 0);
}

#[test]
fn entertainment_017() {
    let parsed = fixture("bbc/entertainment_017.txt");
    assert_articles(
        &parsed,
        &[Expect {
            headline: "Spark heads world Booker list",
            photos: 0,
            caption: None,
            credit: None,
            paragraphs: 5,
            first: Some(
                "Dame Muriel Spark is among three British authors who have made the shortlist for the inaugural international Booker Prize.",
            ),
            last: Some(
                "Margaret Atwood (Canada) Saul Bellow (Canada) Gabriel Garcia Marquez (Colombia) Gunter Grass (Germany) Ismail Kadare (Albania) Milan Kundera (Czech Republic) Stanislaw Lem (Poland) Doris Lessing (UK) Ian McEwan (UK) Naguib Mahfouz (Egypt) Tomas Eloy Martinez (Argentina) Kenzaburo Oe (Japan) Cynthia Ozick (US) Philip Roth (US) Muriel Spark (UK) Antonio Tabucchi (Italy) John Updike (US) Abraham B Yehoshua (Israel)",
            ),
        }],
    );
    assert_eq!(parsed.removed.len(), 0);
}

#[test]
fn politics_050() {
    let parsed = fixture("bbc/politics_050.txt");
    assert_articles(
        &parsed,
        &[Expect {
            headline: "Scots smoking ban details set out",
            photos: 0,
            caption: None,
            credit: None,
            paragraphs: 5,
            first: Some(
                "Smoke-free areas will save lives and improve Scotland's health, First Minister Jack McConnell has insisted.",
            ),
            last: Some(
                "The Scottish National Party's Holyrood leader, Nicola Sturgeon, welcomed the move but added that the public should be consulted as the clock ticked towards the ban date. She said: \"The time has come for a ban on smoking in public places. \"There is evidence a ban can cut deaths from passive smoking and makes it easier for the 70% of smokers who desperately want to give up the habit. \"But we must also recognise that some people have concerns and reservations - there are people who are yet to be persuaded.\" The Scottish Conservative Party leader, David McLetchie, questioned what would be exempted from the ban. He was keen to know if inmates in Scottish prisons would continue to be allowed to smoke. Mr McLetchie asked: \"Would it not be ironic and perhaps entirely typical of the first minister's brave new Scotland that the criminals can be smokers but the smokers will become criminals?\" The Scottish Green Party's health spokeswoman, Eleanor Scott, said she was pleased Scotland would be following the \"success stories of New York and Ireland\". She believed the majority of people in Scotland wanted to go out without having to breathe in harmful tobacco smoke.",
            ),
        }],
    );
    assert_eq!(parsed.removed.len(), 0);
}

#[test]
fn sport_179() {
    let parsed = fixture("bbc/sport_179.txt");
    assert_articles(
        &parsed,
        &[Expect {
            headline: "Blackburn v Burnley",
            photos: 0,
            caption: None,
            credit: None,
            paragraphs: 9,
            first: Some("Ewood Park"),
            last: Some("WINNERS (once)"),
        }],
    );
    assert_eq!(parsed.removed.len(), 0);
}

#[test]
fn sport_199() {
    let parsed = fixture("bbc/sport_199.txt");
    assert_articles(
        &parsed,
        &[Expect {
            headline: "Chelsea sack Mutu",
            photos: 0,
            caption: None,
            credit: None,
            paragraphs: 2,
            first: Some("Chelsea have sacked Adrian Mutu after he failed a drugs test."),
            last: Some(
                "The 25-year-old tested positive for a banned substance - which he later denied was cocaine - in October. Chelsea have decided to write off a possible transfer fee for Mutu, a £15.8m signing from Parma last season, who may face a two-year suspension. A statement from Chelsea explaining the decision read:\"We want to make clear that Chelsea has a zero tolerance policy towards drugs.\" Mutu scored six goals in his first five games after arriving at Stamford Bridge but his form went into decline and he was frozen out by coach Jose Mourinho. Chelsea's statement added: \"This applies to both performance-enhancing drugs or so-called 'recreational' drugs. They have no place at our club or in sport. \"In coming to a decision on this case, Chelsea believed the club's social responsibility to its fans, players, employees and other stakeholders in football regarding drugs was more important than the major financial considerations to the company. \"Any player who takes drugs breaches his contract with the club as well as Football Association rules. \"The club totally supports the FA in strong action on all drugs cases.\" Fifa's disciplinary code stipulates that a first doping offence should be followed by a six-month ban. And the sport's world governing body has re-iterated their stance over Mutu's failed drugs test, maintaining it is a matter for the domestic sporting authorities. \"Fifa is not in a position to make any comment on the matter until the English FA have informed us of their disciplinary decision and the relevant information associated with it,\" said a Fifa spokesman. Chelsea's move won backing from drug-testing expert Michelle Verroken. Verroken, a former director of drug-free sport for UK Sport, insists the Blues were right to sack Mutu and have enhanced their reputation by doing so. \"Chelsea are saying quite clearly to the rest of their players and their fans that this is a situation they are not prepared to tolerate. \"It was a very difficult decision for them and an expensive decision for them but the terms of his contract were breached and it was the only decision they could make. \"It is a very clear stance by Chelsea and it has given a strong boost to the reputation of the club.\" It emerged that Mutu had failed a drugs test on October 18 and, although it was initially reported that the banned substance in question was cocaine. The Romanian international later suggested it was a substance designed to enhance sexual performance. The Football Association has yet to act on Mutu's failed drugs test and refuses to discuss his case.",
            ),
        }],
    );
    assert_eq!(parsed.removed.len(), 0);
}

fn reasons(parsed: &Parsed) -> Vec<(usize, Reason)> {
    parsed.removed.iter().map(|removed| (removed.line, removed.reason.clone())).collect()
}

fn furniture(furniture: Furniture) -> Reason {
    Reason::Furniture { furniture }
}

#[test]
fn marker_and_page_number_are_furniture() {
    let parsed = fixture("aawsat/aawsat_arab-world_5104889.txt");
    let found: Vec<(usize, Reason)> =
        reasons(&parsed).into_iter().filter(|(_, reason)| matches!(reason, Reason::Furniture { .. })).collect();
    assert_eq!(
        found,
        [
            (5, furniture(Furniture::Marker)),
            (6, furniture(Furniture::PageNumber)),
            (29, furniture(Furniture::Marker)),
            (30, furniture(Furniture::PageNumber)),
        ]
    );
}

#[test]
fn gallery_counters_share_label_and_update_line_never_show_as_body() {
    let parsed = fixture("aawsat/arabnews_node_1894806.txt");
    let article = &parsed.articles[0];
    assert_eq!(article.dateline.as_deref(), Some("Updated 16 July 2021"));
    let counters: Vec<usize> = reasons(&parsed)
        .into_iter()
        .filter(|(_, reason)| *reason == furniture(Furniture::GalleryCounter))
        .map(|(line, _)| line)
        .collect();
    assert_eq!(counters, [4, 7, 10, 13, 16, 19]);
    assert!(reasons(&parsed).contains(&(21, furniture(Furniture::ShareLabel))));
    for text in ["1 / 6", "Short Url", "Updated 16 July 2021"] {
        assert!(!article.blocks.iter().any(|block| block.text() == text), "{text}");
    }
}

#[test]
fn site_line_is_the_source_and_date_line_is_the_dateline() {
    let parsed = fixture("aawsat/aawsat_home_article_1090441.txt");
    assert_eq!(parsed.articles[0].source.as_deref(), Some("Asharq Al-awsat English"));
    assert_eq!(parsed.articles[0].lines[..3], [1, 3, 7]);
    assert_eq!(parsed.articles[0].dateline.as_deref(), Some("Tuesday, 21 November, 2017 - 07:30"));
}

#[test]
fn hard_wrapped_caption_copy_is_removed_piece_by_piece() {
    let parsed = fixture("aawsat/aawsat_home_article_1096156.txt");
    let wrapped: Vec<usize> = reasons(&parsed)
        .into_iter()
        .filter(|(_, reason)| *reason == Reason::WrappedCaption { of: 7 })
        .map(|(line, _)| line)
        .collect();
    assert_eq!(wrapped, [3, 4, 5, 6]);
}

#[test]
fn latin1_file_reads_pound_sign_with_a_guess_warning() {
    let decoded = decoded("bbc/sport_199.txt");
    assert_eq!(decoded.warnings, [Warning::file("not valid UTF-8; read as windows-1252 (a guess)")]);
    assert!(decoded.text.contains("a £15.8m signing from Parma"));
}

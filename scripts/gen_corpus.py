#!/usr/bin/env python3
"""Writes N statistics articles for the scaling benchmark (scripts/scale.sh): variations
of the seed article corpus/lanzhou-industries.md and of the Qingshui and Baiyun test
articles, each about a city of its own, with its own figures, years, wording and sentence
order, in the corpus format (front matter with title, source, date and place).

    python3 scripts/gen_corpus.py --count 1000 --out /tmp/corpus-1000

Beside the articles it writes `questions.tsv` (outside the corpus folder, as
OUT.questions.tsv): one line per article, `place<TAB>year<TAB>tertiary added value as
written`, so a benchmark can ask "What was X's tertiary industry added value in YEAR?" and
check the answer. The same --seed and --count always give the same files.
"""
import argparse
import os
import random

# Pinyin syllables: city names are two or three of them ("Lan" + "zhou").
HEADS = [
    "an", "bai", "bao", "bei", "bin", "cang", "chang", "chao", "chen", "chong", "dan", "de",
    "deng", "ding", "dong", "du", "e", "fen", "feng", "fu", "gan", "gao", "gui", "guo", "hai",
    "han", "hang", "he", "heng", "hong", "hua", "huai", "huang", "hui", "ji", "jia", "jian",
    "jiang", "jin", "jing", "jiu", "kai", "kun", "lai", "lan", "lang", "le", "li", "lian",
    "liao", "lin", "ling", "liu", "long", "lu", "luo", "ma", "mao", "mei", "mian", "min",
    "ming", "mu", "nan", "ning", "pan", "peng", "ping", "pu", "qi", "qian", "qin", "qing",
    "qiong", "quan", "rao", "ri", "rong", "ru", "san", "shan", "shang", "shao", "shen",
    "sheng", "shi", "shou", "shu", "shuang", "song", "sui", "tai", "tan", "tang", "tao",
    "tian", "tie", "tong", "wan", "wei", "wen", "wu", "xi", "xia", "xian", "xiang", "xiao",
    "xin", "xing", "xiu", "xu", "xuan", "ya", "yan", "yang", "yi", "yin", "ying", "yong",
    "you", "yu", "yuan", "yue", "yun", "zao", "zhang", "zhao", "zhen", "zheng", "zhong",
    "zhou", "zhu", "zi", "zun",
]
TAILS = [
    "an", "bei", "cheng", "chuan", "de", "dong", "du", "feng", "gang", "he", "hu", "hua",
    "jiang", "jin", "jing", "kou", "lin", "ling", "men", "ming", "nan", "ning", "ping", "qing",
    "quan", "shan", "shui", "tai", "tan", "tian", "tong", "xi", "xian", "xing", "yang", "yuan",
    "yun", "zhou", "zhuang",
]
PROVINCES = [
    ("Gansu", "northwest"), ("Hunan", "central"), ("Sichuan", "southwest"),
    ("Shaanxi", "northwest"), ("Henan", "central"), ("Jiangxi", "east"),
    ("Yunnan", "southwest"), ("Hebei", "north"), ("Anhui", "east"), ("Guizhou", "southwest"),
]
SOURCES = ["China Daily", "Xinhua", "Gansu Daily", "Economic Information Daily", "People's Daily"]
MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]


def city_names(count, rng):
    """`count` distinct names of five letters or more, none inside another (a question
    naming one city names no other)."""
    names = []
    taken = set()
    pieces = set()  # every substring of five letters or more of a name taken
    while len(names) < count:
        parts = [rng.choice(HEADS), rng.choice(TAILS)]
        if len(taken) > len(HEADS) * len(TAILS) // 3 or rng.random() < 0.15:
            parts.insert(1, rng.choice(HEADS))
        name = "".join(parts)
        if len(name) < 5 or name in taken or name in pieces:
            continue
        inner = {name[i:j] for i in range(len(name)) for j in range(i + 5, len(name) + 1)}
        if any(piece in taken for piece in inner if piece != name):
            continue
        taken.add(name)
        pieces.update(inner)
        names.append(name.capitalize())
    return names


def money(value):
    """A yuan amount written as a news article writes it: 4.298 billion yuan."""
    if value >= 1e9:
        text = f"{value / 1e9:.3f}".rstrip("0").rstrip(".")
        return f"{text} billion yuan"
    text = f"{value / 1e6:.2f}".rstrip("0").rstrip(".")
    return f"{text} million yuan"


def round_to(value, digits):
    """`value` rounded to `digits` significant digits."""
    magnitude = 10 ** (len(str(int(value))) - digits)
    return max(magnitude, round(value / magnitude) * magnitude)


def article(place, rng):
    """The front matter and body of one article about `place`, and its tertiary figure."""
    province, region = rng.choice(PROVINCES)
    year = rng.randint(2012, 2022)
    base = rng.choice([1949, 1952, 1978])
    published = f"{year + 1}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    primary = round_to(rng.uniform(1.5e9, 9e9), 4)
    secondary = round_to(rng.uniform(2e10, 9e10), 4)
    tertiary = round_to(rng.uniform(8e9, 6e10), 4)
    primary_then = round_to(primary / rng.uniform(120, 400), 2)
    secondary_then = round_to(secondary / rng.uniform(4000, 12000), 2)
    gdp = primary + secondary + tertiary
    growth = round(rng.uniform(3.5, 8.9), 1)
    population = round(rng.uniform(1.2, 9.8), 2)
    shares = [round(100 * v / gdp) for v in (primary, secondary, tertiary)]
    shares[2] = 100 - shares[0] - shares[1]
    old = sorted(rng.sample(range(8, 60), 2))
    old_shares = [100 - old[1], old[1] - old[0], old[0]]
    emerging = round(rng.uniform(8, 25), 2)
    grain = round(rng.uniform(0.4, 3.5), 2)
    visitors = round(rng.uniform(2, 30), 1)
    income = rng.randint(18, 48) * 1000 + rng.randint(0, 99) * 10
    figures = [
        rng.choice([
            f"The added value created by primary industry had grown to {money(primary)} in "
            f"{year}, an increase of more than {int(primary / primary_then) // 10 * 10} times "
            f"the {base} figure of {money(primary_then)}.",
            f"In {year}, the added value of {place}'s primary industry reached {money(primary)}, "
            f"up from {money(primary_then)} in {base}.",
        ]),
        rng.choice([
            f"The added value from industrial output had surged to {money(secondary)} in "
            f"{year}, an increase of over {int(secondary / secondary_then) // 1000 * 1000:,} "
            f"times that of the {money(secondary_then)} created in {base}.",
            f"Secondary industry created {money(secondary)} of added value in {year}, "
            f"compared with {money(secondary_then)} in {base}.",
        ]),
        rng.choice([
            f"The tertiary industrial sector has developed rapidly. In {year}, the added value "
            f"it created had reached {money(tertiary)}, and now represents the main driving "
            f"force behind the city's continuing economic development.",
            f"The added value of tertiary industry stood at {money(tertiary)} in {year}, making "
            f"services the largest sector of the city's economy.",
        ]),
        f"The main industrial structures have been optimized from an initial ratio of "
        f"{old_shares[0]}:{old_shares[1]}:{old_shares[2]} in {base} to a ratio of "
        f"{shares[0]}:{shares[1]}:{shares[2]} in {year}.",
        f"{place}'s gross domestic product grew {growth} percent year-on-year in {year}, and "
        f"the city has a permanent population of {population} million.",
        rng.choice([
            f"Grain output reached {grain} million tonnes in {year}, and the city received "
            f"{visitors} million tourist visits.",
            f"The city received {visitors} million tourist visits in {year}, while its grain "
            f"output stood at {grain} million tonnes.",
        ]),
        f"Per capita disposable income of urban residents reached {income:,} yuan in {year}.",
        f"Strategic emerging industries have accelerated their growth, accounting for "
        f"{emerging} percent of the total production value.",
    ]
    prose = [
        f"As the above series of figures illustrates, {place}'s comprehensive economic "
        f"strength has achieved a historic leap-forward since {base}.",
        f"Concerning the transformation of traditional industries, {place} focuses on "
        f"promoting the deep integration of industrialization and digitalization, and on "
        f"cultivating specialized new enterprises.",
        f"In the cultivation of emerging businesses, {place} focuses on "
        f"{rng.choice(['ecological sectors', 'advanced manufacturing', 'logistics and data information', 'cultural tourism'])}, "
        f"accelerating the construction of an industrial system with local characteristics.",
        f"{place}, a prefecture-level city in {region} China's {province} province, "
        f"{rng.choice(['was historically weak in industry', 'grew up as a trading town', 'became a key industrial city in the 1950s'])}.",
        f"Building on its policy and financial foundations, {place} will foster a number of "
        f"key enterprises, build innovative platforms and implement a batch of key projects.",
    ]
    rng.shuffle(prose)
    body = figures[:3]
    rng.shuffle(body)
    rest = figures[3:] + prose
    rng.shuffle(rest)
    paragraphs = body + rest
    title = rng.choice([f"{place}'s industries", f"{place}'s economy", f"{place}'s industries grow"])
    front = (
        f"---\ntitle: {title}\nsource: {rng.choice(SOURCES)}\ndate: {published}\n"
        f"place: {place}\n---\n\n"
    )
    return front + "\n\n".join(paragraphs) + "\n", year, money(tertiary)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--out", required=True, help="the corpus folder to create")
    parser.add_argument("--seed", type=int, default=10)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    os.makedirs(args.out, exist_ok=True)
    lines = []
    for place in city_names(args.count, rng):
        text, year, tertiary = article(place, rng)
        with open(os.path.join(args.out, f"{place.lower()}.md"), "w", encoding="utf-8") as f:
            f.write(text)
        lines.append(f"{place}\t{year}\t{tertiary}\n")
    with open(args.out.rstrip("/") + ".questions.tsv", "w", encoding="utf-8") as f:
        f.writelines(lines)


if __name__ == "__main__":
    main()

// The demo shop's catalogue: forty products across six categories at plausible Indian retail prices
// (₹, mostly ending in 9), each with a popularity that makes cheap everyday items the common buy.

export const productCategories = ['fashion', 'electronics', 'grocery', 'beauty', 'home', 'books'] as const;
export type ProductCategory = (typeof productCategories)[number];

/** One product of the demo catalogue. */
export interface Product {
  sku: string;
  name: string;
  category: ProductCategory;
  /** List price in ₹. */
  price: number;
  /** Relative chance of being chosen within the catalogue. */
  popularity: number;
  /** Usual most-bought-at-once; grocery is bought by the packet, phones one at a time. */
  maxQuantity: number;
}

type ProductRow = readonly [name: string, price: number, popularity: number, maxQuantity: number];

const rowsByCategory: Readonly<Record<ProductCategory, readonly ProductRow[]>> = {
  fashion: [
    ['Cotton Kurta', 899, 8, 2],
    ['Slim-Fit Denim Jeans', 1499, 7, 2],
    ['Printed T-Shirt', 499, 10, 3],
    ['Running Shoes', 2999, 4, 1],
    ['Banarasi Silk Saree', 4999, 2, 1],
    ['Leather Wallet', 799, 4, 1],
    ['Polarised Sunglasses', 1299, 3, 1],
    ['Embroidered Dupatta', 599, 4, 2],
  ],
  electronics: [
    ['Wireless Earbuds', 1999, 6, 1],
    ['5G Smartphone 128 GB', 15999, 0.6, 1],
    ['Fitness Smartwatch', 3499, 2.5, 1],
    ['10000 mAh Power Bank', 1299, 5, 1],
    ['Bluetooth Speaker', 2499, 3, 1],
    ['14-inch Laptop', 54990, 0.12, 1],
    ['USB-C Fast Charger', 799, 6, 2],
  ],
  grocery: [
    ['Basmati Rice 5 kg', 649, 9, 2],
    ['Toor Dal 1 kg', 179, 10, 3],
    ['Assam Masala Chai 500 g', 285, 8, 3],
    ['Cold-Pressed Groundnut Oil 1 L', 299, 7, 3],
    ['Desi Cow Ghee 1 L', 699, 5, 2],
    ['Dry Fruits Mix 500 g', 549, 4, 2],
    ['Whole Wheat Atta 10 kg', 489, 8, 2],
    ['Instant Noodles Pack of 12', 168, 9, 4],
  ],
  beauty: [
    ['Neem Face Wash', 249, 8, 2],
    ['Sunscreen SPF 50', 449, 6, 2],
    ['Kajal Eyeliner', 199, 6, 2],
    ['Ayurvedic Hair Oil', 320, 6, 2],
    ['Matte Lipstick', 599, 4, 2],
    ['Eau de Parfum 100 ml', 1499, 2, 1],
  ],
  home: [
    ['Cotton Bedsheet Set', 1199, 4, 2],
    ['5 L Pressure Cooker', 1899, 3, 1],
    ['Steel Water Bottle', 449, 7, 3],
    ['Scented Candle Set', 399, 4, 2],
    ['750 W Mixer Grinder', 3299, 1.5, 1],
    ['Block-Print Cushion Covers', 549, 4, 2],
  ],
  books: [
    ['Bestselling Novel', 399, 6, 2],
    ['Regional Cookbook', 499, 3, 1],
    ['Competitive Exam Guide', 649, 4, 1],
    ["Children's Story Set", 899, 3, 1],
    ['Personal Finance Handbook', 349, 4, 1],
  ],
};

const skuPrefixes: Readonly<Record<ProductCategory, string>> = {
  fashion: 'FSH',
  electronics: 'ELC',
  grocery: 'GRO',
  beauty: 'BTY',
  home: 'HOM',
  books: 'BKS',
};

/** Every product, in a fixed order (categories as listed, then rows). */
export const catalogue: readonly Product[] = productCategories.flatMap((category) =>
  rowsByCategory[category].map(([name, price, popularity, maxQuantity], index) => ({
    sku: `${skuPrefixes[category]}-${String(index + 1).padStart(3, '0')}`,
    name,
    category,
    price,
    popularity,
    maxQuantity,
  })),
);

/** How much of the demand each category draws, before a customer's own favourite is boosted. */
export const categoryShares: Readonly<Record<ProductCategory, number>> = {
  fashion: 0.26,
  electronics: 0.08,
  grocery: 0.28,
  beauty: 0.14,
  home: 0.14,
  books: 0.1,
};

/** Products at or above this price are bought far more by big spenders. */
export const premiumPrice = 2500;
